using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;
using System.Data.Common;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary>
/// Creates an invite to a channel, or to a server's default channel. Face-neutral: each face's module turns its own wire
/// fields (Hearth <c>max_age</c>, Messenger <c>expires</c> presets) into an absolute expiry and validates them first.
/// </summary>
public static class CreateInvite
{
    /// <summary>The most uses an invite may be limited to, on every face (0 means unlimited).</summary>
    public const int MaxUsesLimit = 100;

    /// <param name="Target">The channel the invite opens on.</param>
    /// <param name="MaxUses">0-<see cref="MaxUsesLimit"/>, 0 for unlimited.</param>
    /// <param name="ExpiresAt">Null for never.</param>
    /// <param name="Needs">What the caller must hold: CREATE_INVITE on Hearth; the Messenger face lets only thread admins and
    /// invite managers create.</param>
    public sealed record Command(
        Caller Caller, InviteTarget Target, int MaxUses, DateTimeOffset? ExpiresAt, bool Temporary, Permission Needs = Permission.CreateInvite)
        : IRequest<Result<InviteRow>>;

    public sealed class Handler(Db db, TimeProvider time, IInviteCodeGenerator codes) : IRequestHandler<Command, Result<InviteRow>>
    {
        private const int CodeAttempts = 8;

        public Task<Result<InviteRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<InviteRow>(async (connection, transaction) =>
            {
                var now = time.Now();
                var target = await command.Target.ResolveAsync(connection, transaction);
                if (target.Error is { } unknown) return unknown;
                var (serverId, channelId) = target.Value;

                var access = await ServerAccess.RequireAsync(
                    connection, serverId, command.Caller, now, command.Needs, transaction, InviteErrors.CannotCreate);
                if (access.Error is { } denied) return denied;
                if (!access.Value!.MayCreateInvites(command.Caller.Id)) return InviteErrors.TemporaryCannotCreate;
                if (!access.Value.InvitesEnabled) return InviteErrors.Paused;
                if (access.Value.MaxInvites is { } cap &&
                    await connection.ExecuteScalarAsync<long>(Sql.CountActive, new { ServerId = serverId, Now = now }, transaction) >= cap)
                {
                    return InviteErrors.MaxInvites;
                }

                await Users.UpsertAsync(connection, transaction, command.Caller, now);
                var id = Guid.CreateVersion7().ToString();
                var row = new DynamicParameters(new
                {
                    Id = id,
                    ServerId = serverId,
                    ChannelId = channelId,
                    InviterId = command.Caller.Id,
                    command.MaxUses,
                    ExpiresAt = command.ExpiresAt?.ToUnixTimeMilliseconds(),
                    command.Temporary,
                    Now = now,
                });
                // Codes are unique across invite and vanity codes, case-insensitively: a drawn code already in use is drawn
                // again (checked first, so the insert never fails mid-transaction, which PostgreSQL would not forgive).
                var code = codes.Next();
                for (var attempt = 1; attempt < CodeAttempts && await connection.ExecuteScalarAsync<bool>(Vanity.CodeInUseSql, new { Code = code }, transaction); attempt++)
                {
                    code = codes.Next();
                }

                row.Add("Code", code);
                await connection.ExecuteAsync(Sql.Insert, row, transaction);

                var created = await connection.QuerySingleAsync<InviteRow>(InviteRow.ById, new { Id = id }, transaction);
                await Outbox.EmitAsync(connection, transaction, Outbox.Events.InviteCreated, serverId, new
                {
                    code = created.Code, server_id = serverId, channel_id = channelId, inviter_id = created.InviterId,
                    max_uses = created.MaxUses, expires_at = Time.Rfc3339(created.ExpiresAt), temporary = created.Temporary,
                }, now);
                return created;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string CountActive = $"""
            SELECT COUNT(*)
            FROM invites i
            WHERE i.server_id = @ServerId
              AND {InviteRow.UsableWhere}
            """;

        public const string Insert = """
            INSERT INTO invites (id, code, server_id, channel_id, inviter_id, max_uses, uses, expires_at, temporary, created_at, updated_at)
            VALUES (@Id, @Code, @ServerId, @ChannelId, @InviterId, @MaxUses, 0, @ExpiresAt, @Temporary, @Now, @Now)
            """;
    }
}

/// <summary>Where an invite opens: a channel by id (Hearth), or a server's default channel (a Messenger thread).</summary>
public sealed record InviteTarget(string? ChannelId, string? ServerId)
{
    public static InviteTarget Channel(string channelId) => new(channelId, null);

    public static InviteTarget DefaultChannelOf(string serverId) => new(null, serverId);

    /// <summary>The server and channel, or <see cref="ServerErrors.UnknownChannel"/> / <see cref="ServerErrors.UnknownServer"/>.</summary>
    public async Task<Result<(string ServerId, string ChannelId)>> ResolveAsync(DbConnection connection, DbTransaction transaction)
    {
        var found = await connection.QuerySingleOrDefaultAsync<(string ServerId, string ChannelId)?>(
            ChannelId is not null ? Sql.Channel : Sql.DefaultChannel, new { ChannelId, ServerId }, transaction);
        if (found is { } target) return target;
        return ChannelId is not null ? ServerErrors.UnknownChannel : ServerErrors.UnknownServer;
    }

    private static class Sql
    {
        public const string Channel = "SELECT server_id AS ServerId, id AS ChannelId FROM channels WHERE id = @ChannelId";

        /// <summary>None when the server is unknown or has no text channel.</summary>
        public const string DefaultChannel = $"""
            SELECT s.id AS ServerId, {ServerRow.DefaultChannelId} AS ChannelId
            FROM servers s
            WHERE s.id = @ServerId AND {ServerRow.DefaultChannelId} IS NOT NULL
            """;
    }
}
