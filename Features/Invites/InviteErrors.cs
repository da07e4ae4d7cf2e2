using InviteService.Infrastructure.Errors;

namespace InviteService.Features.Invites;

/// <summary>Every outcome of the invite slices, once: the stable codes and titles of the Hearth seed, where it has them.</summary>
public static class InviteErrors
{
    public static readonly Error NotFound = new("not_found", "Invalid or expired invite", ErrorKind.NotFound);
    public static readonly Error AlreadyMember = new("already_member", "Already in this server", ErrorKind.BadRequest);
    public static readonly Error Expired = new("invite_expired", "Invite has expired", ErrorKind.BadRequest);
    public static readonly Error MaxUses = new("max_uses", "Invite has been used too many times", ErrorKind.BadRequest);
    public static readonly Error Banned = new("banned", "User is banned from server", ErrorKind.Forbidden);
    public static readonly Error Paused = new("invites_paused", "Invites are paused on this server", ErrorKind.Forbidden);
    public static readonly Error MaxInvites = new("max_invites", "Server has too many invites", ErrorKind.Forbidden);
    public static readonly Error CannotCreate = new("no_permission", "Missing CREATE_INVITE", ErrorKind.Forbidden);
    public static readonly Error CannotCreateServerWide = new("no_permission", "Missing MANAGE_INVITES", ErrorKind.Forbidden);
    public static readonly Error TemporaryCannotCreate = new("no_permission", "Temporary members cannot create invites", ErrorKind.Forbidden);
    public static readonly Error CannotDelete = new("no_permission", "Not creator and no MANAGE_SERVER", ErrorKind.Forbidden);
    public static readonly Error CannotGrantRoles = new("no_permission", "Missing MANAGE_SERVER to grant roles", ErrorKind.Forbidden);
    public static readonly Error NotInvited = new("not_invited", "This invite is for other users", ErrorKind.Forbidden);
    public static readonly Error CannotList = new("no_permission", "Missing MANAGE_SERVER or MANAGE_INVITES", ErrorKind.Forbidden);
}
