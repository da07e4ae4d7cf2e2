using InviteService.Features.Invites;

namespace InviteService.Features.Servers;

/// <summary>
/// A server's invite policy as stored, in the shape PATCH takes it: <c>null</c> ceilings are none, and a <c>null</c>
/// <c>default_max_age</c> leaves each face its own default (86400 on the Hearth face, cut to the ceiling).
/// </summary>
public sealed record InvitePolicyResponse(long? MaxAgeCeiling, bool AllowNeverExpiring, long? MaxUsesCeiling, long? DefaultMaxAge)
{
    public static InvitePolicyResponse From(InvitePolicy p) => new(p.MaxAgeCeiling, p.AllowNeverExpiring, p.MaxUsesCeiling, p.DefaultMaxAge);
}
