using Dapper;
using InviteService.Infrastructure.Webhooks;
using System.Data.Common;

namespace InviteService.Features.SharedKernel;

/// <summary>
/// Ending a membership, however it ends (leaving, a kick, a ban, a temporary member's voice disconnect): one statement
/// and one <see cref="MemberRemoved"/> event with the reason, so the member count trigger, webhooks and every caller agree.
/// </summary>
public static class Membership
{
    public const string Left = "left";
    public const string Kicked = "kicked";
    public const string Banned = "banned";
    public const string TemporaryDisconnect = "temporary_disconnect";

    private const string RemoveSql = "DELETE FROM members WHERE server_id = @ServerId AND user_id = @UserId";

    /// <summary>Removes the membership, if there is one, and records why; answers whether there was one.</summary>
    public static async Task<int> RemoveAsync(DbConnection connection, DbTransaction transaction, string serverId, string userId, string reason, long now)
    {
        var removed = await connection.ExecuteAsync(RemoveSql, new { ServerId = serverId, UserId = userId }, transaction);
        if (removed > 0)
        {
            await Outbox.EmitAsync(connection, transaction, new MemberRemoved(serverId, userId, reason), now);
        }

        return removed;
    }
}
