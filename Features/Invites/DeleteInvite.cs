using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary>
/// Soft-deletes an invite, named by its code. Its creator may, while still a member; so may MANAGE_INVITES (MANAGE_SERVER
/// implies it).
/// </summary>
public static class DeleteInvite
{
    /// <param name="CreatorMay">Whether the invite's creator may delete it without MANAGE_INVITES (not on the Messenger face).</param>
    /// <param name="OnlyWhileInvitesEnabled">Refuse while the server's invites are paused (the Messenger face's rule).</param>
    public sealed record Command(Caller Caller, string Code, bool CreatorMay = true, bool OnlyWhileInvitesEnabled = false)
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
            if (!InviteRow.IsPlausibleCode(command.Code)) return InviteErrors.NotFound;

            return await db.WriteAsync<MediatR.Unit>(async (connection, transaction) =>
            {
                var now = time.Now();
                var invite = await connection.QuerySingleOrDefaultAsync<Target>(Sql.ByCode, new { command.Code }, transaction);
                if (invite is null) return InviteErrors.NotFound;

                // A creator needs only to be a member still; anyone else needs MANAGE_INVITES.
                var needs = command.CreatorMay && invite.InviterId == command.Caller.Id ? Permission.None : Permission.ManageInvites;
                var access = await ServerAccess.RequireAsync(connection, invite.ServerId, command.Caller, now, needs, transaction, InviteErrors.CannotDelete);
                if (access.Error is { } denied) return denied;
                if (command.OnlyWhileInvitesEnabled && !access.Value!.InvitesEnabled) return InviteErrors.CannotDelete;

                await connection.ExecuteAsync(Sql.SoftDelete, new { invite.Id, Now = now }, transaction);
                await InviteEvents.DeletedAsync(connection, transaction, [(command.Code, invite.ServerId)], InviteEvents.Deleted, now);
                return MediatR.Unit.Value;
            }, cancellationToken);
        }
    }

    private static class Sql
    {
        public const string ByCode = """
            SELECT id AS Id, server_id AS ServerId, inviter_id AS InviterId
            FROM invites
            WHERE code = @Code AND deleted_at IS NULL
            """;

        public const string SoftDelete = """
            UPDATE invites
            SET deleted_at = @Now,
                updated_at = @Now
            WHERE id = @Id AND deleted_at IS NULL
            """;
    }
}
