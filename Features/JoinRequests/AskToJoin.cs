using System.Data.Common;
using Dapper;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// A join through an approval link (<c>requires_approval</c>): instead of a membership, a request for an admin to answer.
/// It runs inside the join's own write, after the join's checks (unknown, paused, banned, already a member, expired, used
/// up), so the two cannot disagree; it writes the request and the applicant's user record, and nothing else: no member,
/// no use. One request per user and server: asking again, through this link or another, answers the one already pending.
/// </summary>
public static class AskToJoin
{
    /// <param name="Request">The pending request.</param>
    /// <param name="Member">The membership an approval will make, not stored (for a face that shows it as pending).</param>
    public sealed record Asked(JoinRequestRow Request, MemberRow Member);

    public static async Task<Asked> AskAsync(DbConnection connection, DbTransaction transaction, Caller caller, ResolvedCode found, long now)
    {
        var key = new { ServerId = found.Server.Id, UserId = caller.Id };
        await Users.UpsertAsync(connection, transaction, caller, now);
        var asked = await connection.ExecuteAsync(Sql.Ask, new { key.ServerId, key.UserId, found.Invite.Code, Now = now }, transaction);
        var request = await connection.QuerySingleAsync<JoinRequestRow>(JoinRequestRow.ByUser, key, transaction);
        if (asked > 0)
        {
            await Outbox.EmitAsync(connection, transaction, new JoinRequestCreated(request.ServerId, request.UserId, request.InviteCode), now);
        }

        return new Asked(request, new MemberRow
        {
            Id = request.MemberId(),
            ServerId = request.ServerId,
            UserId = request.UserId,
            Permissions = found.Server.DefaultPermissions,
            Temporary = request.Temporary,
            InviteCode = request.InviteCode,
            InviterId = request.InviterId,
            JoinedAt = request.CreatedAt,
            UpdatedAt = request.CreatedAt,
            UserName = request.UserName,
            UserAvatar = request.UserAvatar,
            UserCreatedAt = request.UserCreatedAt,
            UserUpdatedAt = request.UserUpdatedAt,
        });
    }

    private static class Sql
    {
        public const string Ask = """
            INSERT INTO join_requests (server_id, user_id, invite_code, created_at)
            VALUES (@ServerId, @UserId, @Code, @Now)
            ON CONFLICT (server_id, user_id) DO NOTHING
            """;
    }
}
