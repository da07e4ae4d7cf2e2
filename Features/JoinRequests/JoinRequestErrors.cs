using InviteService.Infrastructure.Errors;

namespace InviteService.Features.JoinRequests;

/// <summary>The outcomes of the join-request routes that are theirs alone; the invite's own (banned, max_uses) are <c>InviteErrors</c>'.</summary>
public static class JoinRequestErrors
{
    public static readonly Error UnknownRequest = new("not_found", "No pending join request from that user", ErrorKind.NotFound);
    public static readonly Error CannotAnswer = new("no_permission", "Missing MANAGE_SERVER or MANAGE_INVITES", ErrorKind.Forbidden);
    public static readonly Error CannotBan = new("no_permission", "Declining with a ban needs BAN_MEMBERS", ErrorKind.Forbidden);
}
