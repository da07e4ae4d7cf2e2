using Dapper;
using FluentValidation;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>Body of PATCH /servers/{id}/members/{userId}: either or both.</summary>
public sealed record UpdateMemberRequest(string[]? Permissions = null, string[]? Roles = null)
{
    public sealed class Validator : AbstractValidator<UpdateMemberRequest>
    {
        public Validator()
        {
            var permissions = $"Permissions are: {string.Join(", ", SharedKernel.Permissions.AllNames)}.";
            RuleForEach(r => r.Permissions).NotNull().WithMessage(permissions).OneOf(SharedKernel.Permissions.AllNames).WithMessage(permissions);
            RuleFor(r => r.Roles).MaxCount(UpdateMember.MaxRoles).WithMessage($"At most {UpdateMember.MaxRoles} roles.");
            RuleForEach(r => r.Roles).RoleLabel();
        }
    }
}

/// <summary>
/// PATCH /servers/{id}/members/{userId}: permissions and roles, for MANAGE_SERVER. A role makes a member permanent.
/// Nobody changes the owner's stored permissions, so nobody demotes the owner.
/// </summary>
public static class UpdateMember
{
    public const int MaxRoles = 25;
    public const int MaxRoleLength = RoleRules.MaxLength;

    public sealed record Command(Caller Caller, string ServerId, string UserId, string[]? Permissions, string[]? Roles)
        : IRequest<Result<MemberRow>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<MemberRow>>
    {
        public Task<Result<MemberRow>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<MemberRow>(db, time, command.Caller, command.ServerId, Permission.ManageServer, async server =>
            {
                var (connection, transaction, access, now) = server;
                if (command.Permissions is not null && access.IsOwner(command.UserId)) return MemberErrors.OwnerPermissionsFixed;

                var roles = command.Roles?.Select(r => r.Trim()).Distinct().ToArray();
                var updated = await connection.ExecuteAsync(Sql.Update, new
                {
                    command.ServerId,
                    command.UserId,
                    Permissions = command.Permissions is null ? (long?)null : SharedKernel.Permissions.FromNames(command.Permissions),
                    Roles = roles is null ? null : string.Join(',', roles),
                    Now = now,
                }, transaction);
                if (updated == 0) return MemberErrors.UnknownMember;
                var member = await connection.QuerySingleAsync<MemberRow>(MemberRow.ByUser, new { command.ServerId, command.UserId }, transaction);
                await Outbox.EmitAsync(connection, transaction, new MemberUpdated(
                    command.ServerId, command.UserId, SharedKernel.Permissions.ToNames(member.Permissions), member.RoleList, member.Temporary), now);
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
