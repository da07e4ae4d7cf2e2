using Dapper;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Servers;

/// <summary>PATCH /servers/{id}: server settings, for MANAGE_SERVER. Absent fields stay as they are.</summary>
public static class UpdateServer
{
    /// <param name="MaxInvites">Cap on active invites; 0 means unlimited.</param>
    /// <param name="IconUrl">An empty string clears the icon.</param>
    public sealed record Command(
        Caller Caller, string ServerId, string? Name, string? IconUrl, int? MaxInvites, bool? InvitesEnabled, string[]? DefaultPermissions)
        : IRequest<Result<ServerDetails>>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).Must(n => n is null || (n.Trim().Length > 0 && n.Length <= ServerRules.MaxNameLength))
                .OverridePropertyName("name").WithMessage($"name must be 1-{ServerRules.MaxNameLength} characters.");
            RuleFor(c => c.IconUrl).MaximumLength(ServerRules.MaxIconLength)
                .OverridePropertyName("icon_url").WithMessage($"icon_url must be at most {ServerRules.MaxIconLength} characters.");
            RuleFor(c => c.MaxInvites).InclusiveBetween(0, 100_000)
                .OverridePropertyName("max_invites").WithMessage("max_invites must be between 0 (unlimited) and 100000.");
            RuleForEach(c => c.DefaultPermissions).Must(p => p is not null && Permissions.IsKnown(p))
                .OverridePropertyName("default_permissions").WithMessage($"Permissions are: {string.Join(", ", Permissions.AllNames)}.");
        }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<ServerDetails>>
    {
        public Task<Result<ServerDetails>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<ServerDetails>(async (connection, transaction) =>
            {
                var access = await ServerAccess.LoadAsync(connection, command.ServerId, command.Caller, time.Now(), transaction);
                if (access is null) return InviteErrors.UnknownServer;
                if (!access.Has(command.Caller.Id, Permission.ManageServer)) return CommonErrors.NoPermission;

                await connection.ExecuteAsync(Sql.Update, new
                {
                    command.ServerId,
                    Name = command.Name?.Trim(),
                    SetIcon = command.IconUrl is not null,
                    IconUrl = string.IsNullOrEmpty(command.IconUrl) ? null : command.IconUrl,
                    SetMaxInvites = command.MaxInvites is not null,
                    MaxInvites = command.MaxInvites is 0 ? null : command.MaxInvites,
                    command.InvitesEnabled,
                    DefaultPermissions = command.DefaultPermissions is null ? (long?)null : Permissions.FromNames(command.DefaultPermissions),
                    Now = time.Now(),
                }, transaction);
                return await ServerDetails.LoadAsync(connection, command.ServerId, time.Now(), transaction);
            });
    }

    private static class Sql
    {
        public const string Update = """
            UPDATE servers
            SET name = COALESCE(@Name, name),
                icon_url = CASE WHEN @SetIcon THEN @IconUrl ELSE icon_url END,
                max_invites = CASE WHEN @SetMaxInvites THEN @MaxInvites ELSE max_invites END,
                invites_enabled = COALESCE(@InvitesEnabled, invites_enabled),
                default_permissions = COALESCE(@DefaultPermissions, default_permissions),
                updated_at = @Now
            WHERE id = @ServerId
            """;
    }
}
