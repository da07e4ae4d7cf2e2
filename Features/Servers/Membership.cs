namespace InviteService.Features.Servers;

/// <summary>
/// Ending a membership, however it ends (leaving, a kick, a ban, a temporary member's voice disconnect): one statement,
/// so the member count trigger and every caller see the same thing.
/// </summary>
public static class Membership
{
    public const string RemoveSql = "DELETE FROM members WHERE server_id = @ServerId AND user_id = @UserId";
}
