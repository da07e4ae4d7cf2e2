using Dapper;
using InviteService.Features.Servers;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary>
/// A signed-in user joins the server through an invite, consuming one use, or through the server's vanity code, which acts
/// as an unlimited, never-expiring invite.
/// </summary>
public static class JoinInvite
{
    public sealed record Command(string Code, Caller Caller) : IRequest<Result<Joined>>;

    public sealed record Joined(ServerRow Server, MemberRow Member);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Joined>>
    {
        /// <summary>
        /// Checks in the order SPEC.md gives (unknown, paused, banned, member, then not listed on a restricted invite, expired,
        /// used up), then consumes a use with a
        /// conditional update and inserts the member, in one write transaction: refusals write nothing.
        /// </summary>
        public async Task<Result<Joined>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!InviteRow.IsPlausibleCode(command.Code)) return InviteErrors.NotFound;
            var joined = await JoinAsync(command, cancellationToken);
            if (joined.Error is { } refused) return refused;

            // What the answer shows is read after the commit, on a reader, so the single writer only holds what must be
            // atomic. The member is read back for the user's stored record; should it already be gone again (a kick in
            // between), the answer is the membership as it was written.
            var member = joined.Value!;
            return await db.ReadAsync(async connection =>
            {
                var server = await connection.QuerySingleAsync<ServerRow>(ServerRow.ById, new { member.ServerId, Now = member.JoinedAt });
                var stored = await connection.QuerySingleOrDefaultAsync<MemberRow>(MemberRow.ByUser, new { member.ServerId, member.UserId });
                return new Joined(server, stored ?? member);
            }, cancellationToken);
        }

        /// <summary>The write: what must hold together, and nothing more; the membership as written.</summary>
        private Task<Result<MemberRow>> JoinAsync(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<MemberRow>(async (connection, transaction) =>
            {
                var now = time.Now();
                var userId = command.Caller.Id;
                var found = await CodeLookup.FindAsync(connection, command.Code, now, userId, transaction);
                if (found is null || found.State == CodeState.Deleted) return InviteErrors.NotFound;
                var (invite, server) = (found.Invite, found.Server);
                if (found.State == CodeState.Paused) return InviteErrors.Paused;
                if (server.ViewerIsBanned) return InviteErrors.Banned;
                if (server.ViewerIsMember) return InviteErrors.AlreadyMember;
                if (invite.Restricted && !await connection.ExecuteScalarAsync<bool>(Sql.IsAllowed, new { invite.Id, UserId = userId }, transaction))
                    return InviteErrors.NotInvited;
                if (found.State == CodeState.Expired) return InviteErrors.Expired;
                if (found.State == CodeState.UsedUp) return InviteErrors.MaxUses;

                var consumed = found.IsVanity
                    ? await connection.ExecuteAsync(Sql.ConsumeVanityUse, new { ServerId = server.Id }, transaction)
                    : await connection.ExecuteAsync(Sql.ConsumeUse, new { invite.Id, Now = now }, transaction);
                if (consumed == 0) return InviteErrors.MaxUses;

                await Users.UpsertAsync(connection, transaction, command.Caller, now);
                var member = new MemberRow
                {
                    Id = Guid.CreateVersion7().ToString(),
                    ServerId = server.Id,
                    UserId = userId,
                    Permissions = server.DefaultPermissions,
                    Roles = invite.Roles,
                    Temporary = invite.Temporary && invite.Roles.Length == 0, // a member with a role is permanent
                    InviteCode = invite.Code,
                    InviterId = found.IsVanity ? null : invite.InviterId, // a vanity code has no creator
                    JoinedAt = now,
                    UpdatedAt = now,
                    UserName = command.Caller.Name,
                    UserAvatar = command.Caller.Avatar,
                    UserCreatedAt = now,
                    UserUpdatedAt = now,
                };
                await connection.ExecuteAsync(Sql.InsertMember, new
                {
                    member.Id, member.ServerId, member.UserId, member.Permissions, member.Roles, member.Temporary, member.InviteCode, member.InviterId, Now = now,
                }, transaction);
                await connection.ExecuteAsync(Sql.RecordJoin, new { ServerId = server.Id, invite.Code, UserId = userId, Now = now }, transaction);
                await Outbox.EmitAsync(connection, transaction, new MemberJoined(server.Id, userId, invite.Code, member.InviterId, member.Temporary)
                {
                    Roles = member.RoleList is { Length: > 0 } roles ? roles : null,
                }, now);

                return member;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string ConsumeVanityUse = "UPDATE servers SET vanity_uses = vanity_uses + 1 WHERE id = @ServerId";

        /// <summary>Consumes a use only while the invite is usable, so no race can take it past its limit.</summary>
        public const string ConsumeUse = $"""
            UPDATE invites AS i
            SET uses = i.uses + 1,
                updated_at = @Now
            WHERE i.id = @Id
              AND {InviteRow.UsableWhere}
            """;

        public const string RecordJoin = """
            INSERT INTO joins (server_id, code, user_id, joined_at)
            VALUES (@ServerId, @Code, @UserId, @Now)
            """;

        public const string InsertMember = """
            INSERT INTO members (id, server_id, user_id, permissions, roles, temporary, invite_code, inviter_id, joined_at, updated_at)
            VALUES (@Id, @ServerId, @UserId, @Permissions, @Roles, @Temporary, @InviteCode, @InviterId, @Now, @Now)
            """;

        /// <summary>Whether a restricted invite lists the user.</summary>
        public const string IsAllowed = """
            SELECT EXISTS (SELECT 1 FROM invite_allowed_users WHERE invite_id = @Id AND user_id = @UserId)
            """;
    }
}
