using Dapper;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// POST /servers/{id}/join-requests/{userId}/approve (MANAGE_INVITES; MANAGE_SERVER implies it): the applicant becomes a
/// member through the invite they asked through, consuming one of its uses like a join, in one write. The member carries
/// the invite's attribution and roles, and who approved them.
/// </summary>
public static class ApproveJoinRequest
{
    public sealed record Command(Caller Caller, string ServerId, string UserId) : IRequest<Result<MemberRow>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<MemberRow>>
    {
        public Task<Result<MemberRow>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<MemberRow>(db, time, command.Caller, command.ServerId, Permission.ManageInvites,
                server => ApproveAsync(server, command.Caller, command.UserId), cancellationToken, JoinRequestErrors.CannotAnswer);
    }

    /// <summary>
    /// One approval, inside a write whose caller may answer requests, in this order: a banned applicant is
    /// <see cref="InviteErrors.Banned"/> (whether or not the ban already declined the request); no pending request is
    /// <see cref="JoinRequestErrors.UnknownRequest"/>; a member already is <see cref="InviteErrors.AlreadyMember"/>; an
    /// invite with no use left is <see cref="InviteErrors.MaxUses"/>, and the request stays pending. Whether the invite has
    /// expired since, or the server's invites are paused, does not matter: the applicant asked while it admitted them, and
    /// an admin answers. A refusal writes nothing, so a batch of approvals can go on past one.
    /// </summary>
    internal static async Task<Result<MemberRow>> ApproveAsync(InServerWrite server, Caller approver, string userId)
    {
        var (connection, transaction, access, now) = server;
        var key = new { access.ServerId, UserId = userId };
        if (await connection.ExecuteScalarAsync<bool>(Sql.IsBanned, key, transaction)) return InviteErrors.Banned;
        var request = await connection.QuerySingleOrDefaultAsync<JoinRequestRow>(JoinRequestRow.ByUser, key, transaction);
        if (request is null) return JoinRequestErrors.UnknownRequest;
        if (await connection.ExecuteScalarAsync<bool>(Sql.IsMember, key, transaction)) return InviteErrors.AlreadyMember;
        if (await connection.ExecuteAsync(Sql.ConsumeUse, new { Code = request.InviteCode, Now = now }, transaction) == 0) return InviteErrors.MaxUses;

        await Users.UpsertAsync(connection, transaction, approver, now);
        var args = new { Id = request.MemberId(), key.ServerId, key.UserId, Code = request.InviteCode, ApprovedBy = approver.Id, Now = now };
        await connection.ExecuteAsync(Sql.InsertMember, args, transaction);
        await connection.ExecuteAsync(Sql.RecordJoin, args, transaction);
        await connection.ExecuteAsync(Sql.Answered, key, transaction);
        var member = await connection.QuerySingleAsync<MemberRow>(MemberRow.ByUser, key, transaction);
        await Outbox.EmitAsync(connection, transaction, new JoinRequestApproved(member.ServerId, member.UserId, request.InviteCode, approver.Id), now);
        await Outbox.EmitAsync(connection, transaction, MemberJoined.Of(member, request.InviteCode), now);
        return member;
    }

    private static class Sql
    {
        public const string IsBanned = "SELECT EXISTS (SELECT 1 FROM bans WHERE server_id = @ServerId AND user_id = @UserId)";

        public const string IsMember = "SELECT EXISTS (SELECT 1 FROM members WHERE server_id = @ServerId AND user_id = @UserId)";

        /// <summary>
        /// A use, while one is left: the use limit holds for approvals as for joins (and the schema refuses more). Expiry
        /// and the archiving of an expired invite do not stop an approval.
        /// </summary>
        public const string ConsumeUse = """
            UPDATE invites
            SET uses = uses + 1,
                updated_at = @Now
            WHERE code = @Code
              AND (max_uses = 0 OR uses < max_uses)
            """;

        /// <summary>
        /// The membership the invite gives, read from the invite itself: its code and creator, its roles, and temporary
        /// unless those roles make the member permanent; the server's default permissions.
        /// </summary>
        public const string InsertMember = """
            INSERT INTO members (id, server_id, user_id, permissions, roles, temporary, invite_code, inviter_id, joined_at, updated_at, approved_by)
            SELECT @Id, s.id, @UserId, s.default_permissions, i.roles,
                   CASE WHEN i.roles = '' THEN i.temporary ELSE 0 END,
                   i.code, i.inviter_id, @Now, @Now, @ApprovedBy
            FROM servers s
            JOIN invites i ON i.code = @Code
            WHERE s.id = @ServerId
            """;

        /// <summary>An approved join is recorded like any other, with who approved it (the raid brake counts only the others).</summary>
        public const string RecordJoin = """
            INSERT INTO joins (server_id, code, user_id, joined_at, approved_by)
            VALUES (@ServerId, @Code, @UserId, @Now, @ApprovedBy)
            """;

        public const string Answered = "DELETE FROM join_requests WHERE server_id = @ServerId AND user_id = @UserId";
    }
}
