using FluentValidation;
using InviteService.Features.Members;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Hearth;

/// <summary>
/// Body of POST /invites/{code}/joins/remove; it may be left out. <c>since</c> keeps only the members who joined at or after
/// it; <c>ban: true</c> bans them (with <c>reason</c>) instead of kicking them.
/// </summary>
public sealed record RemoveJoinsRequest(DateTimeOffset? Since = null, bool? Ban = null, string? Reason = null) : IOptionalBody<RemoveJoinsRequest>
{
    public static RemoveJoinsRequest Absent { get; } = new();

    public sealed class Validator : AbstractValidator<RemoveJoinsRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).MaximumLength(BanMember.MaxReasonLength).WithMessage($"reason must be at most {BanMember.MaxReasonLength} characters.")
                .PlainText();
            RuleFor(r => r.Reason).Null().When(r => r.Ban != true).WithMessage("reason is the ban's; it goes with ban: true.");
        }
    }
}
