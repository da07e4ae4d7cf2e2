using FluentValidation;

namespace InviteService.Features.Invites;

/// <summary>Body of POST /channels/{id}/invites; every field optional, an empty body means all defaults.</summary>
public sealed record CreateInviteRequest(int? MaxAge, int? MaxUses, bool? Temporary)
{
    public const int MaxAgeLimit = 604_800;
    public const int DefaultMaxAge = 86_400;

    public static readonly CreateInviteRequest Defaults = new(null, null, null);

    /// <summary><c>max_age</c> seconds from now (default one day, 0 = never).</summary>
    public DateTimeOffset? ExpiresAt(DateTimeOffset now) => (MaxAge ?? DefaultMaxAge) is var age and > 0 ? now.AddSeconds(age) : null;

    /// <summary>The Hearth wire rules, with the field names the seed uses.</summary>
    public sealed class Validator : AbstractValidator<CreateInviteRequest>
    {
        public Validator()
        {
            RuleFor(r => r.MaxAge).InclusiveBetween(0, MaxAgeLimit)
                .OverridePropertyName("max_age").WithMessage($"max_age must be between 0 and {MaxAgeLimit} seconds.");
            RuleFor(r => r.MaxUses).InclusiveBetween(0, CreateInvite.MaxUsesLimit)
                .OverridePropertyName("max_uses").WithMessage($"max_uses must be between 0 and {CreateInvite.MaxUsesLimit}.");
        }
    }
}
