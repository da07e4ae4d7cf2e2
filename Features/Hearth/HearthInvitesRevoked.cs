namespace InviteService.Features.Hearth;

/// <summary><c>vanity_code_active</c>: the server's vanity code, which revoke-all leaves alone, still admits joins.</summary>
public sealed record HearthInvitesRevoked(long Revoked, bool VanityCodeActive);
