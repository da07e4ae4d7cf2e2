using System.Data.Common;
using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary>
/// How an invite stops, whatever stops it (a delete, revoke-all, a ban of its creator, housekeeping): one soft-delete
/// statement over the invites a caller selects, and one <see cref="InviteDeleted"/> event for each, with its reason. An
/// invite deleted or revoked also declines the join requests still pending through it; one archived once expired or used up
/// leaves them pending, for an admin to answer.
/// </summary>
public static class InviteRetirement
{
    /// <summary>
    /// Which invites to retire: a SQL condition over invites <c>i</c> (the not yet deleted ones) and the caller's parameters.
    /// Declare each once, as a static field, so its statement is built once.
    /// </summary>
    public sealed class Selection(string where)
    {
        /// <summary>The reason is kept on the row (<c>deleted_reason</c>), for the invite list's status, and returned for the event.</summary>
        internal string Sql { get; } = $"""
            UPDATE invites AS i
            SET deleted_at = @Now,
                updated_at = @Now,
                deleted_reason = CASE WHEN @UsedUpReason IS NOT NULL AND i.max_uses > 0 AND i.uses >= i.max_uses
                                      THEN @UsedUpReason ELSE @Reason END
            WHERE i.deleted_at IS NULL
              AND {where}
            RETURNING code AS Code, server_id AS ServerId, deleted_reason AS Reason
            """;
    }

    /// <summary>An invite that was retired: its code and server, and why.</summary>
    public sealed class Retired
    {
        public string Code { get; set; } = "";
        public string ServerId { get; set; } = "";
        public string Reason { get; set; } = "";
    }

    /// <summary>
    /// Soft-deletes the invites of <paramref name="selection"/> (its parameters in <paramref name="args"/>; <c>@Now</c> is
    /// bound here) for <paramref name="reason"/>, or <paramref name="usedUpReason"/> for those that were used up when given,
    /// and records each one's <see cref="InviteDeleted"/> with that reason.
    /// </summary>
    public static async Task<IReadOnlyList<Retired>> RetireAsync(
        DbConnection connection, DbTransaction transaction, Selection selection, object args, string reason, long now, string? usedUpReason = null)
    {
        var parameters = new DynamicParameters(args);
        parameters.Add("Now", now);
        parameters.Add("Reason", reason, System.Data.DbType.String);
        parameters.Add("UsedUpReason", usedUpReason, System.Data.DbType.String); // typed, so PostgreSQL knows it when null
        var retired = (await connection.QueryAsync<Retired>(selection.Sql, parameters, transaction)).AsList();
        foreach (var invite in retired)
        {
            await Outbox.EmitAsync(connection, transaction, new InviteDeleted(invite.Code, invite.ServerId, invite.Reason), now);
            if (invite.Reason is InviteDeleted.Deleted or InviteDeleted.Revoked)
            {
                await PendingRequests.DeclineThroughAsync(connection, transaction, invite.ServerId, invite.Code, PendingRequests.InviteDeleted, now);
            }
        }

        return retired;
    }
}
