using Dapper;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>The user a ban is about, from the route: PUT /servers/{id}/bans/{userId}.</summary>
public sealed record BanTarget(string Id, string UserId)
{
    public sealed class Validator : AbstractValidator<BanTarget>
    {
        public Validator() =>
            RuleFor(t => t.UserId).NotEmpty().MaximumLength(Caller.MaxIdLength).WithMessage($"user_id must be 1-{Caller.MaxIdLength} characters.");
    }
}

/// <summary>Body of PUT /servers/{id}/bans/{userId}; it may be left out.</summary>
public sealed record BanRequest(string? Reason = null) : IOptionalBody<BanRequest>
{
    public static BanRequest Absent { get; } = new();

    public sealed class Validator : AbstractValidator<BanRequest>
    {
        public Validator() =>
            RuleFor(r => r.Reason).MaximumLength(BanMember.MaxReasonLength).WithMessage($"reason must be at most {BanMember.MaxReasonLength} characters.")
                .PlainText();
    }
}

/// <summary>
/// PUT /servers/{id}/bans/{userId}: bans a user (BAN_MEMBERS), removes their membership, revokes their active invites and
/// declines their pending join request, in one transaction. Nobody bans the owner, and only the owner or a MANAGE_SERVER
/// member bans a MANAGE_SERVER member.
/// </summary>
public static class BanMember
{
    public const int MaxReasonLength = 512;

    public sealed record Command(Caller Caller, string ServerId, string UserId, string? Reason) : IRequest<Result<Unit>>;

    /// <summary>A banned user's links stop admitting anyone, like a revoke-all of their own invites.</summary>
    private static readonly InviteRetirement.Selection InvitesOfBanned = new($"i.server_id = @ServerId AND i.inviter_id = @UserId AND {InviteRow.UsableWhere}");

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<Unit>(db, time, command.Caller, command.ServerId, Permission.BanMembers,
                server => BanAsync(server, command.Caller, command.UserId, command.Reason), cancellationToken);
    }

    /// <summary>The ban and all it ends, inside a write whose caller holds BAN_MEMBERS (declining a join request with a ban, too).</summary>
    internal static async Task<Result<Unit>> BanAsync(InServerWrite server, Caller caller, string userId, string? reason)
    {
        var (connection, transaction, access, now) = server;
        var serverId = access.ServerId;
        if (userId == caller.Id) return MemberErrors.CannotBanSelf;
        if (access.IsOwner(userId)) return CommonErrors.NoPermission;
        var target = await connection.ExecuteScalarAsync<long?>(Sql.TargetPermissions, new { ServerId = serverId, UserId = userId }, transaction);
        if (target is { } bits && (bits & (long)Permission.ManageServer) != 0 && !access.Has(caller.Id, Permission.ManageServer))
        {
            return MemberErrors.OutranksCaller;
        }

        await connection.ExecuteAsync(Sql.Ban, new { ServerId = serverId, UserId = userId, Reason = reason, Now = now }, transaction);
        await Membership.RemoveAsync(connection, transaction, serverId, userId, Membership.Banned, now);
        await InviteRetirement.RetireAsync(connection, transaction, InvitesOfBanned, new { ServerId = serverId, UserId = userId }, InviteDeleted.Revoked, now);
        await PendingRequests.DeclineAsync(connection, transaction, serverId, userId, PendingRequests.Banned, now);
        return Unit.Value;
    }

    private static class Sql
    {
        public const string Ban = """
            INSERT INTO bans (server_id, user_id, reason, created_at)
            VALUES (@ServerId, @UserId, @Reason, @Now)
            ON CONFLICT (server_id, user_id) DO UPDATE SET reason = excluded.reason
            """;

        public const string TargetPermissions = "SELECT permissions FROM members WHERE server_id = @ServerId AND user_id = @UserId";
    }
}
