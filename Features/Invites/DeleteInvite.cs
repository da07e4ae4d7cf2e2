using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>DELETE /invites/{code} (Hearth) and DELETE /api/messenger/threads/{thread}/invites/{id}: a soft delete.</summary>
public static class DeleteInvite
{
    /// <summary>Hearth names the invite by <see cref="Code"/>; Messenger by <see cref="InviteId"/> within <see cref="ServerId"/>.</summary>
    public sealed record Command(Caller Caller, InvitePolicy Policy, string? Code = null, string? ServerId = null, string? InviteId = null)
        : IRequest<Result<MediatR.Unit>>;

    private sealed class Target
    {
        public string Id { get; set; } = "";
        public string ServerId { get; set; } = "";
        public string InviterId { get; set; } = "";
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<MediatR.Unit>>
    {
        public async Task<Result<MediatR.Unit>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (command.Code is { } code && !InviteRow.IsPlausibleCode(code))
            {
                return InviteErrors.NotFound;
            }

            return await db.WriteAsync<MediatR.Unit>(async (connection, transaction) =>
            {
                if (command.ServerId is not null &&
                    !await connection.ExecuteScalarAsync<bool>(Sql.ServerExists, new { command.ServerId }, transaction))
                {
                    return InviteErrors.UnknownServer;
                }

                var invite = command.Code is not null
                    ? await connection.QuerySingleOrDefaultAsync<Target>(Sql.ByCode, new { command.Code }, transaction)
                    : await connection.QuerySingleOrDefaultAsync<Target>(Sql.ById, new { Id = command.InviteId, command.ServerId }, transaction);
                if (invite is null) return InviteErrors.NotFound;

                var access = (await ServerAccess.LoadAsync(connection, invite.ServerId, command.Caller, time.Now(), transaction))!;
                var userId = command.Caller.Id;
                var allowed = command.Policy == InvitePolicy.Messenger
                    ? access.HasAny(userId, Permission.ManageServer, Permission.ManageInvites) && access.InvitesEnabled
                    : (invite.InviterId == userId && access.IsMember) || access.HasAny(userId, Permission.ManageServer, Permission.ManageInvites);
                if (!allowed) return InviteErrors.CannotDelete;

                var deleted = await connection.ExecuteAsync(Sql.SoftDelete, new { invite.Id, Now = time.Now() }, transaction);
                return deleted == 1 ? MediatR.Unit.Value : InviteErrors.NotFound;
            });
        }
    }

    private static class Sql
    {
        public const string ServerExists = "SELECT EXISTS (SELECT 1 FROM servers WHERE id = @ServerId)";

        public const string ByCode = """
            SELECT id AS Id, server_id AS ServerId, inviter_id AS InviterId
            FROM invites
            WHERE code = @Code AND deleted_at IS NULL
            """;

        public const string ById = """
            SELECT id AS Id, server_id AS ServerId, inviter_id AS InviterId
            FROM invites
            WHERE id = @Id AND server_id = @ServerId AND deleted_at IS NULL
            """;

        public const string SoftDelete = """
            UPDATE invites
            SET deleted_at = @Now,
                updated_at = @Now
            WHERE id = @Id AND deleted_at IS NULL
            """;
    }
}
