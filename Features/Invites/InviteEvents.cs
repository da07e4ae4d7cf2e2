using InviteService.Infrastructure.Webhooks;
using System.Data.Common;

namespace InviteService.Features.Invites;

/// <summary>The <c>invite.deleted</c> event, however an invite stops: deleted, revoked (revoke-all or a ban), expired or used up.</summary>
public static class InviteEvents
{
    public const string Deleted = "deleted";
    public const string Revoked = "revoked";
    public const string Expired = "expired";
    public const string UsedUp = "used_up";

    public static async Task DeletedAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<(string Code, string ServerId)> invites, string reason, long now)
    {
        foreach (var (code, serverId) in invites)
        {
            await Outbox.EmitAsync(connection, transaction, Outbox.Events.InviteDeleted, serverId, new { code, server_id = serverId, reason }, now);
        }
    }
}
