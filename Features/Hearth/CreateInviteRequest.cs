using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Hearth;

/// <summary>Body of POST /channels/{id}/invites; every field optional, and an empty body means all defaults.</summary>
public sealed record CreateInviteRequest(int? MaxAge = null, int? MaxUses = null, bool? Temporary = null) : IOptionalBody<CreateInviteRequest>
{
    public const int MaxAgeLimit = 604_800;
    public const int DefaultMaxAge = 86_400;

    public static CreateInviteRequest Absent { get; } = new();

    /// <summary>A label for admins ("spring event"); never shown on the preview or the invite page. <c>""</c> is none.</summary>
    public string? Name { get; init; }

    /// <summary>Roles granted on join (MANAGE_SERVER); a member with a role is permanent, so not with <c>temporary</c>.</summary>
    public string[]? Roles { get; init; }

    /// <summary>Only these users may join; the preview stays public.</summary>
    public string[]? AllowedUserIds { get; init; }

    /// <summary><c>max_age</c> seconds from now (default one day, 0 = never).</summary>
    public DateTimeOffset? ExpiresAt(DateTimeOffset now) => (MaxAge ?? DefaultMaxAge) is var age and > 0 ? now.AddSeconds(age) : null;

    /// <summary>The Hearth wire rules.</summary>
    public sealed class Validator : AbstractValidator<CreateInviteRequest>
    {
        public Validator()
        {
            RuleFor(r => r.MaxAge).InclusiveBetween(0, MaxAgeLimit).WithMessage($"max_age must be between 0 and {MaxAgeLimit} seconds.");
            RuleFor(r => r.MaxUses).InclusiveBetween(0, CreateInvite.MaxUsesLimit).WithMessage($"max_uses must be between 0 and {CreateInvite.MaxUsesLimit}.");
            RuleFor(r => r.Name).MaximumLength(CreateInvite.MaxNameLength).WithMessage($"name must be at most {CreateInvite.MaxNameLength} characters.")
                .PlainText();
            RuleFor(r => r.Roles).MaxCount(CreateInvite.MaxRoles).WithMessage($"At most {CreateInvite.MaxRoles} roles.")
                .Must((r, roles) => !(r.Temporary == true && roles is { Length: > 0 }))
                .WithMessage("roles cannot go with temporary: true (a member with a role is permanent).");
            RuleForEach(r => r.Roles).RoleLabel();
            RuleFor(r => r.AllowedUserIds).CountBetween(1, CreateInvite.MaxAllowedUsers)
                .WithMessage($"allowed_user_ids must list 1 to {CreateInvite.MaxAllowedUsers} user ids.");
            RuleForEach(r => r.AllowedUserIds).NotNull().Length(1, Caller.MaxIdLength)
                .WithMessage($"A user id is 1-{Caller.MaxIdLength} characters.").PlainText();
        }
    }
}
