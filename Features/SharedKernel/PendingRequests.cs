using System.Data.Common;
using Dapper;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.SharedKernel;

/// <summary>
/// A pending join request ending without a member, however it ends (an admin's decline, the applicant's cancel, a ban, its
/// invite deleted or revoked, its age, the applicant joining another way): it leaves <c>join_requests</c> in one statement,
/// with one <see cref="JoinRequestDeclined"/> event and its reason, so every caller and every receiver agree. An approval
/// ends a request too, with a member (the join requests' own slice).
/// </summary>
public static class PendingRequests
{
    /// <summary>An admin said no.</summary>
    public const string Declined = "declined";

    /// <summary>The applicant withdrew it, or joined through another invite before anyone answered it.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Nobody answered it within <c>JoinRequests:Ttl</c>.</summary>
    public const string Expired = "expired";

    /// <summary>The applicant was banned (on its own, or by declining with a ban).</summary>
    public const string Banned = "banned";

    /// <summary>The invite it came through was deleted or revoked.</summary>
    public const string InviteDeleted = "invite_deleted";

    public static readonly IReadOnlyList<string> Reasons = [Declined, Cancelled, Expired, Banned, InviteDeleted];

    /// <summary>Ends the user's pending request in the server, if there is one; answers whether there was.</summary>
    public static async Task<bool> DeclineAsync(DbConnection connection, DbTransaction transaction, string serverId, string userId, string reason, long now)
    {
        var code = await connection.QuerySingleOrDefaultAsync<string?>(DeclineOneSql, new { ServerId = serverId, UserId = userId }, transaction);
        if (code is null) return false;
        await DeclinedAsync(connection, transaction, serverId, userId, code, reason, now);
        return true;
    }

    /// <summary>
    /// Ends the user's pending request in the server, if there is one, and answers the code it came through; for a command
    /// that runs it with others, which then calls <see cref="DeclinedAsync"/> with that code. Binds <c>@ServerId</c> and <c>@UserId</c>.
    /// </summary>
    public const string DeclineOneSql = Sql.DeclineOne;

    /// <summary>What follows a request ended by <see cref="DeclineOneSql"/>: its event.</summary>
    public static Task DeclinedAsync(DbConnection connection, DbTransaction transaction, string serverId, string userId, string code, string reason, long now) =>
        Outbox.EmitAsync(connection, transaction, new JoinRequestDeclined(serverId, userId, code, reason), now);

    /// <summary>Ends every pending request made through <paramref name="code"/>; answers how many there were.</summary>
    public static async Task<int> DeclineThroughAsync(DbConnection connection, DbTransaction transaction, string serverId, string code, string reason, long now)
    {
        var users = (await connection.QueryAsync<string>(Sql.DeclineThrough, new { ServerId = serverId, Code = code }, transaction)).AsList();
        foreach (var user in users.Order(StringComparer.Ordinal))
        {
            await Outbox.EmitAsync(connection, transaction, new JoinRequestDeclined(serverId, user, code, reason), now);
        }

        return users.Count;
    }

    private static class Sql
    {
        public const string DeclineOne = """
            DELETE FROM join_requests
            WHERE server_id = @ServerId
              AND user_id = @UserId
            RETURNING invite_code
            """;

        public const string DeclineThrough = """
            DELETE FROM join_requests
            WHERE server_id = @ServerId
              AND invite_code = @Code
            RETURNING user_id
            """;
    }
}
