using Dapper;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Members;

/// <summary>
/// PATCH /servers/{id}/members/{userId}: permissions and roles, for MANAGE_SERVER. A role makes a member permanent.
/// Nobody changes the owner's stored permissions, so nobody demotes the owner.
/// </summary>
public static class UpdateMember
{
    public const int MaxRoles = 25;
    public const int MaxRoleLength = 32;

    public sealed record Command(Caller Caller, string ServerId, string UserId, string[]? Permissions, string[]? Roles)
        : IRequest<Result<MemberRow>>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleForEach(c => c.Permissions).Must(p => p is not null && Servers.Permissions.IsKnown(p))
                .OverridePropertyName("permissions").WithMessage($"Permissions are: {string.Join(", ", Servers.Permissions.AllNames)}.");
            RuleFor(c => c.Roles).Must(r => r is null || r.Length <= MaxRoles)
                .OverridePropertyName("roles").WithMessage($"At most {MaxRoles} roles.");
            RuleForEach(c => c.Roles)
                .Must(r => r is { Length: > 0 and <= MaxRoleLength } && r.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or ' '))
                .OverridePropertyName("roles").WithMessage($"A role is 1-{MaxRoleLength} letters, digits, spaces, '-' or '_'.");
        }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<MemberRow>>
    {
        public Task<Result<MemberRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<MemberRow>(async (connection, transaction) =>
            {
                var now = time.Now();
                var access = await ServerAccess.RequireAsync(connection, command.ServerId, command.Caller, now, Permission.ManageServer, transaction);
                if (access.Error is { } denied) return denied;
                if (command.Permissions is not null && access.Value!.IsOwner(command.UserId)) return MemberErrors.OwnerPermissionsFixed;

                var roles = command.Roles?.Select(r => r.Trim()).Distinct().ToArray();
                var updated = await connection.ExecuteAsync(Sql.Update, new
                {
                    command.ServerId,
                    command.UserId,
                    Permissions = command.Permissions is null ? (long?)null : Servers.Permissions.FromNames(command.Permissions),
                    Roles = roles is null ? null : string.Join(',', roles),
                    Now = now,
                }, transaction);
                if (updated == 0) return MemberErrors.UnknownMember;
                var member = await connection.QuerySingleAsync<MemberRow>(MemberRow.ByUser, new { command.ServerId, command.UserId }, transaction);
                await Outbox.EmitAsync(connection, transaction, Outbox.Events.MemberUpdated, command.ServerId, new
                {
                    server_id = command.ServerId, user_id = command.UserId, permissions = Servers.Permissions.ToNames(member.Permissions),
                    roles = member.RoleList, temporary = member.Temporary,
                }, now);
                return member;
            }, cancellationToken);
    }

    private static class Sql
    {
        /// <summary>Any role makes a temporary member permanent (seed, "Temporary Membership").</summary>
        public const string Update = """
            UPDATE members
            SET permissions = COALESCE(@Permissions, permissions),
                roles = COALESCE(@Roles, roles),
                temporary = CASE WHEN COALESCE(@Roles, roles) <> '' THEN 0 ELSE temporary END,
                updated_at = @Now
            WHERE server_id = @ServerId AND user_id = @UserId
            """;
    }
}
