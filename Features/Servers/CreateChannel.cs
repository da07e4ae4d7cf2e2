using Dapper;
using FluentValidation;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;
using MediatR;

namespace InviteService.Features.Servers;

/// <summary>Body of POST /servers/{id}/channels; <c>type</c> defaults to <c>text</c>.</summary>
public sealed record CreateChannelRequest(string? Name, string? Type = null)
{
    public sealed class Validator : AbstractValidator<CreateChannelRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(ServerRules.MaxNameLength)
                .WithMessage($"name is required, at most {ServerRules.MaxNameLength} characters.");
            RuleFor(r => r.Name).PlainText();
            RuleFor(r => r.Type).OneOf(ChannelRow.Types).WithMessage("type must be \"text\" or \"voice\".");
        }
    }
}

/// <summary>POST /servers/{id}/channels: for MANAGE_SERVER.</summary>
public static class CreateChannel
{
    public sealed record Command(Caller Caller, string ServerId, string Name, string Type) : IRequest<Result<ChannelRow>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<ChannelRow>>
    {
        public Task<Result<ChannelRow>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<ChannelRow>(db, time, command.Caller, command.ServerId, Permission.ManageServer, async server =>
            {
                var channel = new ChannelRow
                {
                    Id = Guid.CreateVersion7().ToString(),
                    ServerId = command.ServerId,
                    Name = command.Name.Trim(),
                    Type = command.Type,
                    CreatedAt = server.Now,
                };
                await server.Connection.ExecuteAsync(Sql.Insert, channel, server.Transaction);
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
