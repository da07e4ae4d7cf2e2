using Dapper;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Pipeline;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>
/// PUT /servers/{id}/bans/{userId}: bans a user (BAN_MEMBERS), removes their membership and revokes their active invites,
/// in one transaction. Nobody bans the owner, and only the owner or a MANAGE_SERVER member bans a MANAGE_SERVER member.
/// </summary>
public static class BanMember
{
    public const int MaxReasonLength = 512;

    public sealed record Command(Caller Caller, string ServerId, string UserId, string? Reason) : IRequest<Result<Unit>>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.UserId).NotEmpty().MaximumLength(Caller.MaxIdLength)
                .OverridePropertyName("user_id").WithMessage($"user_id must be 1-{Caller.MaxIdLength} characters.");
            RuleFor(c => c.Reason).MaximumLength(MaxReasonLength)
                .OverridePropertyName("reason").WithMessage($"reason must be at most {MaxReasonLength} characters.");
            RuleFor(c => c.Reason).PlainText().OverridePropertyName("reason");
        }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                var now = time.Now();
                var access = await ServerAccess.RequireAsync(connection, command.ServerId, command.Caller, now, Permission.BanMembers, transaction);
                if (access.Error is { } denied) return denied;
                if (command.UserId == command.Caller.Id) return MemberErrors.CannotBanSelf;
                if (access.Value!.IsOwner(command.UserId)) return CommonErrors.NoPermission;
                var target = await connection.ExecuteScalarAsync<long?>(Sql.TargetPermissions, new { command.ServerId, command.UserId }, transaction);
                if (target is { } bits && (bits & (long)Permission.ManageServer) != 0 && !access.Value!.Has(command.Caller.Id, Permission.ManageServer))
                {
                    return MemberErrors.OutranksCaller;
                }

                await connection.ExecuteAsync(Sql.Ban, new { command.ServerId, command.UserId, command.Reason, Now = now }, transaction);
                await Membership.RemoveAsync(connection, transaction, command.ServerId, command.UserId, Membership.Banned, now);
                var revoked = await connection.QueryAsync<(string Code, string ServerId)>(Sql.RevokeInvites, new { command.ServerId, command.UserId, Now = now }, transaction);
                await InviteEvents.DeletedAsync(connection, transaction, revoked, InviteEvents.Revoked, now);
                return Unit.Value;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Ban = """
            INSERT INTO bans (server_id, user_id, reason, created_at)
            VALUES (@ServerId, @UserId, @Reason, @Now)
            ON CONFLICT (server_id, user_id) DO UPDATE SET reason = excluded.reason
            """;

        public const string TargetPermissions = "SELECT permissions FROM members WHERE server_id = @ServerId AND user_id = @UserId";

        /// <summary>A banned user's links stop admitting anyone, like a revoke-all of their own invites.</summary>
        public const string RevokeInvites = $"""
            UPDATE invites AS i
            SET deleted_at = @Now,
                updated_at = @Now
            WHERE i.server_id = @ServerId
              AND i.inviter_id = @UserId
              AND {InviteRow.UsableWhere}
            RETURNING code AS Code, server_id AS ServerId
            """;
    }
}

/// <summary>DELETE /servers/{id}/bans/{userId}: lifts a ban (BAN_MEMBERS).</summary>
public static class UnbanMember
{
    public sealed record Command(Caller Caller, string ServerId, string UserId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                var access = await ServerAccess.RequireAsync(connection, command.ServerId, command.Caller, time.Now(), Permission.BanMembers, transaction);
                if (access.Error is { } denied) return denied;
                var lifted = await connection.ExecuteAsync(Sql.Unban, new { command.ServerId, command.UserId }, transaction);
                return lifted == 0 ? MemberErrors.UnknownBan : Unit.Value;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Unban = "DELETE FROM bans WHERE server_id = @ServerId AND user_id = @UserId";
    }
}
