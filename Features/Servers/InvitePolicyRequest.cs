using FluentValidation;
using InviteService.Features.Hearth;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Servers;

/// <summary>
/// <c>invite_policy</c> of PATCH /servers/{id}: each member left out stays as it is; <c>null</c> lifts a ceiling or the
/// default lifetime. Applies to invites created from then on, on either face.
/// </summary>
public sealed record InvitePolicyRequest
{
    /// <summary>Seconds; invites that expire must expire within this long. <c>null</c>: no ceiling.</summary>
    public Settable<long?> MaxAgeCeiling { get; init; }

    /// <summary>Whether an invite may never expire (max_age 0, or no Messenger expires).</summary>
    public bool? AllowNeverExpiring { get; init; }

    /// <summary>The most uses an invite may be limited to; while set, unlimited invites are refused. <c>null</c>: no ceiling.</summary>
    public Settable<long?> MaxUsesCeiling { get; init; }

    /// <summary>Seconds an invite lives when its body leaves the lifetime out, cut to the ceiling. <c>null</c>: 86400 on the Hearth face, never on the Messenger face.</summary>
    public Settable<long?> DefaultMaxAge { get; init; }

    public sealed class Validator : AbstractValidator<InvitePolicyRequest>
    {
        public Validator()
        {
            RuleFor(r => r.MaxAgeCeiling).Between(1, InvitePolicy.MaxAgeLimit)
                .WithMessage($"max_age_ceiling must be 1 to {InvitePolicy.MaxAgeLimit} seconds, or null for none.");
            RuleFor(r => r.MaxUsesCeiling).Between(1, CreateInvite.MaxUsesLimit)
                .WithMessage($"max_uses_ceiling must be 1 to {CreateInvite.MaxUsesLimit}, or null for none.");
            RuleFor(r => r.DefaultMaxAge).Between(1, CreateInviteRequest.MaxAgeLimit)
                .WithMessage($"default_max_age must be 1 to {CreateInviteRequest.MaxAgeLimit} seconds, or null for the face's own default.")
                .Must((r, age) => !(age.Value > r.MaxAgeCeiling.Value))
                .WithMessage(r => $"default_max_age must be at most max_age_ceiling ({r.MaxAgeCeiling.Value} seconds).");
        }
    }
}
