using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Hearth;

/// <summary>
/// Body of POST /channels/{id}/invites; every field optional, and an empty body means all defaults.
/// <c>requires_approval</c> (default false) makes an approval link: joins through it become join requests.
/// </summary>
public sealed record CreateInviteRequest(int? MaxAge = null, int? MaxUses = null, bool? Temporary = null, bool? RequiresApproval = null)
    : IOptionalBody<CreateInviteRequest>
{
    public const int MaxAgeLimit = 604_800;
    public const int DefaultMaxAge = 86_400;

    public static CreateInviteRequest Absent { get; } = new();

    /// <summary><c>max_age</c> seconds from now (default one day, 0 = never).</summary>
    public DateTimeOffset? ExpiresAt(DateTimeOffset now) => (MaxAge ?? DefaultMaxAge) is var age and > 0 ? now.AddSeconds(age) : null;

    /// <summary>The Hearth wire rules.</summary>
    public sealed class Validator : AbstractValidator<CreateInviteRequest>
    {
        public Validator()
        {
            RuleFor(r => r.MaxAge).InclusiveBetween(0, MaxAgeLimit).WithMessage($"max_age must be between 0 and {MaxAgeLimit} seconds.");
            RuleFor(r => r.MaxUses).InclusiveBetween(0, CreateInvite.MaxUsesLimit).WithMessage($"max_uses must be between 0 and {CreateInvite.MaxUsesLimit}.");
        }
    }
}
