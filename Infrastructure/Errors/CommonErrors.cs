namespace InviteService.Infrastructure.Errors;

/// <summary>Outcomes shared by every slice of the community model.</summary>
public static class CommonErrors
{
    public static readonly Error NoPermission =
        new("no_permission", "You do not have permission to do that", ErrorKind.Forbidden);
}
