using Dapper;
using InviteService.Features.Members;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>
/// POST /invites/{code}/joins/remove: everyone still in the server who joined through one code (a leaked link), removed in
/// one transaction: kicked (MANAGE_SERVER), or banned (BAN_MEMBERS) with all a ban ends. Works for invite and vanity codes,
/// deleted invites included. Each member is held to the kick or ban rules on their own; those the caller may not remove
/// (the owner, the caller, for a ban a MANAGE_SERVER member the caller does not outrank) are skipped and named. The code's
/// pending join requests are declined.
/// </summary>
public static class RemoveInviteJoins
{
    /// <param name="Since">Only members who joined at or after this time; null for all of them.</param>
    /// <param name="Ban">Ban them instead of kicking them.</param>
    /// <param name="Reason">The ban's reason.</param>
    public sealed record Command(Caller Caller, string Code, DateTimeOffset? Since, bool Ban, string? Reason) : IRequest<Result<Removed>>;

    /// <summary>Who was kicked, who was banned, and who was skipped, each in the order they joined.</summary>
    public sealed record Removed(IReadOnlyList<string> Kicked, IReadOnlyList<string> Banned, IReadOnlyList<string> Skipped);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Removed>>
    {
        public async Task<Result<Removed>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!InviteRow.IsPlausibleCode(command.Code)) return InviteErrors.NotFound;

            return await db.WriteAsync<Removed>(async (connection, transaction) =>
            {
                var now = time.Now();
                var code = await CodeLookup.FindAsync(connection, command.Code, now, viewerId: null, transaction);
                if (code is null) return InviteErrors.NotFound;

                // A code of a server the caller is not in answers like an unknown one, as deleting one does.
                var serverId = code.Server.Id;
                var access = (await ServerAccess.RequireAsync(connection, serverId, command.Caller, now, permission: null, transaction)).Value!;
                if (!access.IsMember && !access.IsPlatformAdmin) return InviteErrors.NotFound;
                if (!access.Has(command.Caller.Id, command.Ban ? Permission.BanMembers : Permission.ManageServer)) return CommonErrors.NoPermission;

                var members = await connection.QueryAsync<string>(Sql.JoinedThrough,
                    new { ServerId = serverId, code.Invite.Code, Since = command.Since?.ToUnixTimeMilliseconds() ?? long.MinValue }, transaction);
                var write = new InServerWrite(connection, transaction, access, now);
                List<string> kicked = [], banned = [], skipped = [];
                foreach (var userId in members)
                {
                    if (command.Ban)
                    {
                        var ban = await BanMember.BanAsync(write, command.Caller, userId, command.Reason);
                        (ban.IsSuccess ? banned : skipped).Add(userId);
                    }
                    else if (access.IsOwner(userId) || userId == command.Caller.Id)
                    {
                        skipped.Add(userId);
                    }
                    else
                    {
                        await Membership.RemoveAsync(connection, transaction, serverId, userId, Membership.Kicked, now);
                        kicked.Add(userId);
                    }
                }

                await PendingRequests.DeclineThroughAsync(connection, transaction, serverId, code.Invite.Code, PendingRequests.Declined, now);
                return new Removed(kicked, banned, skipped);
            }, cancellationToken);
        }
    }

    private static class Sql
    {
        /// <summary>Current members who joined through the code, oldest join first.</summary>
        public const string JoinedThrough = """
            SELECT user_id
            FROM members
            WHERE server_id = @ServerId
              AND invite_code = @Code
              AND joined_at >= @Since
            ORDER BY joined_at, user_id
            """;
    }
}
