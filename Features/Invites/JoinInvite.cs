using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>POST /invites/{code}: a signed-in user joins the server through an invite, consuming one use.</summary>
public static class JoinInvite
{
    /// <param name="AllowVanity">Hearth joins through a server's vanity code like an unlimited, never-expiring invite.</param>
    public sealed record Command(string Code, Caller Caller, bool AllowVanity = false) : IRequest<Result<Joined>>;

    public sealed record Joined(ServerRow Server, MemberRow Member);

    private sealed class Check
    {
        /// <summary>Null for a vanity code.</summary>
        public string? Id { get; set; }
        public string Code { get; set; } = "";
        public string ServerId { get; set; } = "";
        public string? InviterId { get; set; }
        public long MaxUses { get; set; }
        public long Uses { get; set; }
        public long? ExpiresAt { get; set; }
        public bool Temporary { get; set; }
        public long? DeletedAt { get; set; }
        public bool InvitesEnabled { get; set; }
        public long DefaultPermissions { get; set; }
        public bool IsBanned { get; set; }
        public bool IsMember { get; set; }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Joined>>
    {
        /// <summary>
        /// Checks in the order SPEC.md gives (unknown, paused, banned, member, expired, used up), then consumes a use with a
        /// conditional update and inserts the member, in one write transaction: refusals write nothing.
        /// </summary>
        public async Task<Result<Joined>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!InviteRow.IsPlausibleCode(command.Code))
            {
                return InviteErrors.NotFound;
            }

            return await db.WriteAsync<Joined>(async (connection, transaction) =>
            {
                var now = time.Now();
                var args = new { command.Code, UserId = command.Caller.Id, Now = now };
                var invite = await connection.QuerySingleOrDefaultAsync<Check>(Sql.Check, args, transaction);
                if (invite is null && command.AllowVanity)
                {
                    invite = await connection.QuerySingleOrDefaultAsync<Check>(Sql.VanityCheck, args, transaction);
                }

                if (invite is null || invite.DeletedAt is not null) return InviteErrors.NotFound;
                if (!invite.InvitesEnabled) return InviteErrors.Paused;
                if (invite.IsBanned) return InviteErrors.Banned;
                if (invite.IsMember) return InviteErrors.AlreadyMember;
                if (invite.ExpiresAt is { } at && at <= now) return InviteErrors.Expired;
                if (invite.MaxUses > 0 && invite.Uses >= invite.MaxUses) return InviteErrors.MaxUses;

                var consumed = invite.Id is null
                    ? await connection.ExecuteAsync(Sql.ConsumeVanityUse, new { invite.ServerId }, transaction)
                    : await connection.ExecuteAsync(Sql.ConsumeUse, new { invite.Id, Now = now }, transaction);
                if (consumed == 0) return InviteErrors.MaxUses;

                await Users.UpsertAsync(connection, transaction, command.Caller, now);
                await connection.ExecuteAsync(Sql.InsertMember, new
                {
                    Id = Guid.CreateVersion7().ToString(),
                    invite.ServerId,
                    UserId = command.Caller.Id,
                    Permissions = invite.DefaultPermissions,
                    invite.Temporary,
                    InviteCode = invite.Code,
                    invite.InviterId,
                    Now = now,
                }, transaction);
                await connection.ExecuteAsync(Sql.RecordJoin, new { invite.ServerId, invite.Code, UserId = command.Caller.Id, Now = now }, transaction);

                var server = await connection.QuerySingleAsync<ServerRow>(ServerRow.ById, new { invite.ServerId, Now = now }, transaction);
                var member = await connection.QuerySingleAsync<MemberRow>(
                    MemberRow.ByUser, new { invite.ServerId, UserId = command.Caller.Id }, transaction);
                return new Joined(server, member);
            });
        }
    }

    private static class Sql
    {
        public const string Check = $"""
            SELECT i.id AS Id, i.code AS Code, i.server_id AS ServerId, i.inviter_id AS InviterId,
                   i.max_uses AS MaxUses, i.uses AS Uses, i.expires_at AS ExpiresAt, i.temporary AS Temporary,
                   i.deleted_at AS DeletedAt,
                   {ServerRow.InvitesEnabledAtNow} AS InvitesEnabled, s.default_permissions AS DefaultPermissions,
                   EXISTS (SELECT 1 FROM bans b WHERE b.server_id = i.server_id AND b.user_id = @UserId) AS IsBanned,
                   EXISTS (SELECT 1 FROM members m WHERE m.server_id = i.server_id AND m.user_id = @UserId) AS IsMember
            FROM invites i
            JOIN servers s ON s.id = i.server_id
            WHERE i.code = @Code
            """;

        /// <summary>A vanity code reads as an invite with no id, no creator, no limit and no expiry.</summary>
        public const string VanityCheck = $"""
            SELECT NULL AS Id, s.vanity_code AS Code, s.id AS ServerId, NULL AS InviterId,
                   0 AS MaxUses, s.vanity_uses AS Uses, NULL AS ExpiresAt, 0 AS Temporary, NULL AS DeletedAt,
                   {ServerRow.InvitesEnabledAtNow} AS InvitesEnabled, s.default_permissions AS DefaultPermissions,
                   EXISTS (SELECT 1 FROM bans b WHERE b.server_id = s.id AND b.user_id = @UserId) AS IsBanned,
                   EXISTS (SELECT 1 FROM members m WHERE m.server_id = s.id AND m.user_id = @UserId) AS IsMember
            FROM servers s
            WHERE s.vanity_code = @Code COLLATE NOCASE
            """;

        public const string ConsumeVanityUse = "UPDATE servers SET vanity_uses = vanity_uses + 1 WHERE id = @ServerId";

        public const string RecordJoin = """
            INSERT INTO joins (server_id, code, user_id, joined_at)
            VALUES (@ServerId, @Code, @UserId, @Now)
            """;

        public const string ConsumeUse = """
            UPDATE invites
            SET uses = uses + 1,
                updated_at = @Now
            WHERE id = @Id
              AND deleted_at IS NULL
              AND (max_uses = 0 OR uses < max_uses)
              AND (expires_at IS NULL OR expires_at > @Now)
            """;

        public const string InsertMember = """
            INSERT INTO members (id, server_id, user_id, permissions, roles, temporary, invite_code, inviter_id, joined_at, updated_at)
            VALUES (@Id, @ServerId, @UserId, @Permissions, '', @Temporary, @InviteCode, @InviterId, @Now, @Now)
            """;
    }
}
