using Dapper;
using FluentValidation;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;
using MediatR;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Servers;

/// <summary>Body of POST /servers.</summary>
public sealed record CreateServerRequest(string? Name, string? IconUrl = null)
{
    public sealed class Validator : AbstractValidator<CreateServerRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(ServerRules.MaxNameLength)
                .WithMessage($"name is required, at most {ServerRules.MaxNameLength} characters.");
            RuleFor(r => r.Name).PlainText();
            RuleFor(r => r.IconUrl).HttpUrl();
        }
    }
}

/// <summary>POST /servers: the caller becomes the owner, and the server gets a <c>general</c> text channel.</summary>
public static class CreateServer
{
    public sealed record Command(Caller Caller, string Name, string? IconUrl) : IRequest<Result<ServerDetails>>;

    public sealed class Handler(Db db, TimeProvider time, IOptions<ServerDefaults> defaults) : IRequestHandler<Command, Result<ServerDetails>>
    {
        public Task<Result<ServerDetails>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<ServerDetails>(async (connection, transaction) =>
            {
                var now = time.Now();
                var serverId = Guid.CreateVersion7().ToString();
                await Users.UpsertAsync(connection, transaction, command.Caller, now);
                var cap = defaults.Value.DefaultMaxInvites;
                await connection.ExecuteAsync(Sql.InsertServer, new
                {
                    Id = serverId,
                    Name = command.Name.Trim(),
                    IconUrl = string.IsNullOrEmpty(command.IconUrl) ? null : command.IconUrl,
                    OwnerId = command.Caller.Id,
                    MaxInvites = cap == 0 ? (long?)null : cap,
                    DefaultPermissions = (long)Permissions.Default,
                    Now = now,
                }, transaction);
                await connection.ExecuteAsync(Sql.InsertChannel, new { Id = Guid.CreateVersion7().ToString(), ServerId = serverId, Now = now }, transaction);
                await connection.ExecuteAsync(Sql.InsertOwner, new
                {
                    Id = Guid.CreateVersion7().ToString(),
                    ServerId = serverId,
                    UserId = command.Caller.Id,
                    Permissions = (long)Permission.ManageServer,
                    Now = now,
                }, transaction);
                return await ServerDetails.LoadAsync(connection, serverId, now, transaction);
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string InsertServer = """
            INSERT INTO servers (id, name, icon_url, owner_id, features, max_invites, invites_enabled, default_permissions, created_at, updated_at)
            VALUES (@Id, @Name, @IconUrl, @OwnerId, '', @MaxInvites, 1, @DefaultPermissions, @Now, @Now)
            """;

        public const string InsertChannel = """
            INSERT INTO channels (id, server_id, name, type, created_at)
            VALUES (@Id, @ServerId, 'general', 'text', @Now)
            """;

        public const string InsertOwner = """
            INSERT INTO members (id, server_id, user_id, permissions, roles, temporary, joined_at, updated_at)
            VALUES (@Id, @ServerId, @UserId, @Permissions, '', 0, @Now, @Now)
            """;
    }
}
