using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// Body of the bulk answers, POST /servers/{id}/join-requests/approve and …/decline: the pending requests made through one
/// invite code (<c>invite</c>), or those of listed users (<c>user_ids</c>, up to 1,000); one of the two.
/// </summary>
public sealed record JoinRequestSelection(string? Invite = null, string[]? UserIds = null)
{
    public const int MaxUsers = 1000;

    public sealed class Validator : AbstractValidator<JoinRequestSelection>
    {
        public Validator()
        {
            RuleFor(r => r.Invite).NotNull().When(r => r.UserIds is null).WithMessage("Give invite or user_ids.");
            RuleFor(r => r.Invite).NotEmpty().MaximumLength(InviteRow.MaxCodeLength)
                .WithMessage($"invite must be an invite code of 1-{InviteRow.MaxCodeLength} characters.").When(r => r.Invite is not null);
            RuleFor(r => r.UserIds).Null().When(r => r.Invite is not null).WithMessage("Give invite or user_ids, not both.");
            RuleFor(r => r.UserIds).Must(ids => ids is null || ids.Length > 0).WithMessage($"user_ids must list 1-{MaxUsers} users.")
                .MaxCount(MaxUsers).WithMessage($"user_ids must list 1-{MaxUsers} users.");
            RuleForEach(r => r.UserIds).Must(id => id is { Length: > 0 and <= Caller.MaxIdLength })
                .WithMessage($"A user id is 1-{Caller.MaxIdLength} characters.");
        }
    }
}
