using Dapper;
using InviteService.Features.JoinRequests;
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

    /// <param name="Pending">
    /// Through an approval link: the join request now waiting for an admin, and no membership yet; <paramref name="Member"/>
    /// is then the one an approval will make.
    /// </param>
    public sealed record Joined(ServerRow Server, MemberRow Member, JoinRequestRow? Pending = null);

    /// <summary>
    /// What the write made: the membership, or the request and the membership it would make; or, when the join tripped the
    /// raid brake, only the pause (committed, while the join is refused).
    /// </summary>
    private sealed record Written(MemberRow Member, JoinRequestRow? Pending = null)
    {
        public static readonly Written RaidBraked = new(Member: null!);

        public bool IsRaidBraked => ReferenceEquals(this, RaidBraked);
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Joined>>
    {
        /// <summary>
        /// Checks in the order SPEC.md gives (unknown, paused, banned, member, then not listed on a restricted invite, expired,
        /// used up), then the raid brake, then consumes a use with a conditional update and inserts the member, in one write
        /// transaction: refusals write nothing, but for the pause of a tripped raid brake.
        /// </summary>
        public async Task<Result<Joined>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!InviteRow.IsPlausibleCode(command.Code)) return InviteErrors.NotFound;
            var joined = await JoinAsync(command, cancellationToken);
            if (joined.Error is { } refused) return refused;
            if (joined.Value!.IsRaidBraked) return InviteErrors.Paused;

            // What the answer shows is read after the commit, on a reader, so the single writer only holds what must be
            // atomic. The member is read back for the user's stored record; should it already be gone again (a kick in
            // between), the answer is the membership as it was written.
            var (member, pending) = joined.Value!;
            return await db.ReadAsync(async connection =>
            {
                var server = await connection.QuerySingleAsync<ServerRow>(ServerRow.ById, new { member.ServerId, Now = pending is null ? member.JoinedAt : time.Now() });
                if (pending is not null) return new Joined(server, member, pending);
                var stored = await connection.QuerySingleOrDefaultAsync<MemberRow>(MemberRow.ByUser, new { member.ServerId, member.UserId });
                return new Joined(server, stored ?? member);
            }, cancellationToken);
        }

        /// <summary>The write: what must hold together, and nothing more; the membership as written.</summary>
        private Task<Result<Written>> JoinAsync(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<Written>(async (connection, transaction) =>
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
                if (invite.RequiresApproval)
                {
                    var asked = await AskToJoin.AskAsync(connection, transaction, command.Caller, found, now);
                    return new Written(asked.Member, asked.Request);
                }
                if (await RaidBrake.TripsAsync(connection, transaction, server, now)) return Written.RaidBraked;

                var consumed = found.IsVanity
                    ? await connection.ExecuteAsync(Sql.ConsumeVanityUse, new { ServerId = server.Id }, transaction)
                    : await connection.ExecuteAsync(Sql.ConsumeUse, new { invite.Id, Now = now }, transaction);
                if (consumed == 0) return InviteErrors.MaxUses;

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
                // The user, the membership, the join's record, and the end of a request this user left pending elsewhere in the
                // server (the join answers it): one command, so one round trip where each statement is one.
                var cancelled = await connection.QuerySingleOrDefaultAsync<string?>(Sql.Admit, new
                {
                    member.Id, member.ServerId, member.UserId, member.Permissions, member.Roles, member.Temporary, member.InviteCode, member.InviterId,
                    Name = command.Caller.Name, Avatar = command.Caller.Avatar, Now = now,
                }, transaction);
                await Outbox.EmitAsync(connection, transaction, MemberJoined.Of(member, invite.Code), now);
                if (cancelled is not null)
                {
                    await PendingRequests.DeclinedAsync(connection, transaction, server.Id, userId, cancelled, PendingRequests.Cancelled, now);
                }

                return new Written(member);
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

        /// <summary>
        /// The user's record, the membership, the join, and the user's pending request in the server ended, in that order;
        /// answers the code the ended request came through, or nothing. Both stores run the statements of one command in
        /// order (PostgreSQL in one round trip) and answer the rows of the one that returns any.
        /// </summary>
        public const string Admit = $"""
            {Users.UpsertSql};
            INSERT INTO members (id, server_id, user_id, permissions, roles, temporary, invite_code, inviter_id, joined_at, updated_at)
            VALUES (@Id, @ServerId, @UserId, @Permissions, @Roles, @Temporary, @InviteCode, @InviterId, @Now, @Now);
            INSERT INTO joins (server_id, code, user_id, joined_at)
            VALUES (@ServerId, @InviteCode, @UserId, @Now);
            {PendingRequests.DeclineOneSql}
            """;

        /// <summary>Whether a restricted invite lists the user.</summary>
        public const string IsAllowed = """
            SELECT EXISTS (SELECT 1 FROM invite_allowed_users WHERE invite_id = @Id AND user_id = @UserId)
            """;
    }
}
