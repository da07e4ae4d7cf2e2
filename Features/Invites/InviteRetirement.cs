using System.Data.Common;
using Dapper;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary>
/// How an invite stops, whatever stops it (a delete, revoke-all, a ban of its creator, housekeeping): one soft-delete
/// statement over the invites a caller selects, and one <see cref="InviteDeleted"/> event for each, with its reason.
/// </summary>
public static class InviteRetirement
{
    /// <summary>
    /// Which invites to retire: a SQL condition over invites <c>i</c> (the not yet deleted ones) and the caller's parameters.
    /// Declare each once, as a static field, so its statement is built once.
    /// </summary>
    public sealed class Selection(string where)
    {
        internal string Sql { get; } = $"""
            UPDATE invites AS i
            SET deleted_at = @Now,
                updated_at = @Now
            WHERE i.deleted_at IS NULL
              AND {where}
            RETURNING code AS Code, server_id AS ServerId, (max_uses > 0 AND uses >= max_uses) AS UsedUp
            """;
    }

    /// <summary>An invite that was retired: its code and server, and whether it had been used up.</summary>
    public sealed class Retired
    {
        public string Code { get; set; } = "";
        public string ServerId { get; set; } = "";
        public bool UsedUp { get; set; }
    }

    /// <summary>
    /// Soft-deletes the invites of <paramref name="selection"/> (its parameters in <paramref name="args"/>; <c>@Now</c> is
    /// bound here) and records each one's <see cref="InviteDeleted"/>, with the reason <paramref name="reasonFor"/> gives it.
    /// </summary>
    public static async Task<IReadOnlyList<Retired>> RetireAsync(
        DbConnection connection, DbTransaction transaction, Selection selection, object args, Func<Retired, string> reasonFor, long now)
    {
        var parameters = new DynamicParameters(args);
        parameters.Add("Now", now);
        var retired = (await connection.QueryAsync<Retired>(selection.Sql, parameters, transaction)).AsList();
        foreach (var invite in retired)
        {
            await Outbox.EmitAsync(connection, transaction, new InviteDeleted(invite.Code, invite.ServerId, reasonFor(invite)), now);
        }

        return retired;
    }

    /// <summary>Retires with one reason for all.</summary>
    public static Task<IReadOnlyList<Retired>> RetireAsync(
        DbConnection connection, DbTransaction transaction, Selection selection, object args, string reason, long now) =>
        RetireAsync(connection, transaction, selection, args, _ => reason, now);
}
