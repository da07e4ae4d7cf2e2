using InviteService.Infrastructure.Errors;

namespace InviteService.Features.Members;

public static class MemberErrors
{
    public static readonly Error UnknownMember = new("not_found", "Unknown member", ErrorKind.NotFound);
    public static readonly Error UnknownBan = new("not_found", "Unknown ban", ErrorKind.NotFound);
    public static readonly Error OwnerCannotLeave = new("owner_cannot_leave", "The owner cannot leave or be removed from the server", ErrorKind.BadRequest);
    public static readonly Error OutranksCaller = new("no_permission", "Only the owner or a MANAGE_SERVER member may do that to a MANAGE_SERVER member", ErrorKind.Forbidden);
    public static readonly Error OwnerPermissionsFixed = new("no_permission", "The owner's permissions cannot be changed", ErrorKind.Forbidden);
    public static readonly Error CannotBanSelf = new("cannot_ban_self", "You cannot ban yourself", ErrorKind.BadRequest);
}
