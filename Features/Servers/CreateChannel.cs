using Dapper;
using FluentValidation;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Pipeline;
using MediatR;

namespace InviteService.Features.Servers;

/// <summary>POST /servers/{id}/channels: for MANAGE_SERVER.</summary>
public static class CreateChannel
{
    public sealed record Command(Caller Caller, string ServerId, string? Name, string Type) : IRequest<Result<ChannelRow>>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(ServerRules.MaxNameLength)
                .OverridePropertyName("name").WithMessage($"name is required, at most {ServerRules.MaxNameLength} characters.");
            RuleFor(c => c.Name).PlainText().OverridePropertyName("name");
            RuleFor(c => c.Type).Must(t => ChannelRow.Types.Contains(t))
                .OverridePropertyName("type").WithMessage("type must be \"text\" or \"voice\".");
        }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<ChannelRow>>
    {
        public Task<Result<ChannelRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<ChannelRow>(async (connection, transaction) =>
            {
                var now = time.Now();
                var access = await ServerAccess.RequireAsync(connection, command.ServerId, command.Caller, now, Permission.ManageServer, transaction);
                if (access.Error is { } denied) return denied;

                var channel = new ChannelRow
                {
                    Id = Guid.CreateVersion7().ToString(),
                    ServerId = command.ServerId,
                    Name = command.Name!.Trim(),
                    Type = command.Type,
                    CreatedAt = now,
                };
                await connection.ExecuteAsync(Sql.Insert, channel, transaction);
                return channel;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Insert = """
            INSERT INTO channels (id, server_id, name, type, created_at)
            VALUES (@Id, @ServerId, @Name, @Type, @CreatedAt)
            """;
    }
}
