using System.Data.Common;
using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary>
/// The raid brake, checked by every direct join on either face (approvals of join requests are not counted): once a server's
/// last <c>per_seconds</c> hold <c>max_joins</c> direct joins, the next join is refused and pauses the server's invites for
/// <c>pause_minutes</c>, exactly as <c>invites_paused_until</c> does, with a <c>server.updated</c> that says why. It runs in the
/// join's write, so on PostgreSQL the serializable isolation holds the count across processes as the writer does in one.
/// </summary>
public static class RaidBrake
{
    /// <summary>
    /// Whether this join trips the brake; when it does, the pause, <c>raid_detected_at</c> and the event are written in the
    /// join's transaction, which the caller must then commit while it refuses the join.
    /// </summary>
    public static async Task<bool> TripsAsync(DbConnection connection, DbTransaction transaction, CodeServer server, long now)
    {
        if (server is not { RaidMaxJoins: { } maxJoins, RaidPerSeconds: { } seconds, RaidPauseMinutes: { } minutes }) return false;

        var recent = await connection.ExecuteScalarAsync<long>(Sql.RecentJoins,
            new { ServerId = server.Id, Since = now - seconds * 1000, MaxJoins = maxJoins }, transaction);
        if (recent < maxJoins) return false;

        await connection.ExecuteAsync(Sql.Pause, new { ServerId = server.Id, Until = now + minutes * 60_000, Now = now }, transaction);
        var details = await ServerDetails.LoadAsync(connection, server.Id, now, transaction);
        await Outbox.EmitAsync(connection, transaction, ServerUpdated.From(details, ServerUpdated.RaidProtectionReason), now);
        return true;
    }

    private static class Sql
    {
        /// <summary>Direct joins within the window, counted only as far as the limit (the joins_server_time index serves it).</summary>
        public const string RecentJoins = """
            SELECT COUNT(*) FROM (
                SELECT 1 FROM joins
                WHERE server_id = @ServerId AND joined_at > @Since AND approved_by IS NULL
                LIMIT @MaxJoins
            ) AS recent
            """;

        public const string Pause = """
            UPDATE servers
            SET invites_enabled = 0,
                invites_paused_until = @Until,
                raid_detected_at = @Now,
                updated_at = @Now
            WHERE id = @ServerId
            """;
    }
}
