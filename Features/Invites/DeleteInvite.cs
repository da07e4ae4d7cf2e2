using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>
/// Soft-deletes an invite, named by its code. Its creator may, while still a member; so may MANAGE_INVITES (MANAGE_SERVER
/// implies it). To anyone outside the invite's server the code is as unknown as a made-up one, so the route tells nobody
/// which codes exist.
/// </summary>
public static class DeleteInvite
{
    public sealed record Command(Caller Caller, string Code) : IRequest<Result<MediatR.Unit>>;

    private sealed class Target
    {
        public string Id { get; set; } = "";
        public string ServerId { get; set; } = "";
        public string InviterId { get; set; } = "";
    }

    private static readonly InviteRetirement.Selection ById = new("i.id = @Id");

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

                var access = (await ServerAccess.RequireAsync(connection, invite.ServerId, command.Caller, now, permission: null, transaction)).Value!;
                if (!access.IsMember && !access.IsPlatformAdmin) return InviteErrors.NotFound;
                // A creator needs only to be a member still; anyone else needs MANAGE_INVITES.
                var needs = invite.InviterId == command.Caller.Id ? Permission.None : Permission.ManageInvites;
                if (!access.Has(command.Caller.Id, needs)) return InviteErrors.CannotDelete;

                await InviteRetirement.RetireAsync(connection, transaction, ById, new { invite.Id }, InviteDeleted.Deleted, now);
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
    }
}
