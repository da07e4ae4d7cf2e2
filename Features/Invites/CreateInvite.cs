using System.Data.Common;
using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>
/// Creates an invite to a channel, or a server-wide invite (it opens on the server's default channel). Each face turns its
/// own wire fields (an age in seconds, a preset) into an absolute expiry and validates them first.
/// </summary>
public static class CreateInvite
{
    /// <summary>The most uses an invite may be limited to (0 means unlimited).</summary>
    public const int MaxUsesLimit = 100;

    /// <summary>The longest admin label of an invite.</summary>
    public const int MaxNameLength = 32;

    /// <summary>The most roles an invite may grant.</summary>
    public const int MaxRoles = 10;

    /// <summary>The most users a restricted invite may list.</summary>
    public const int MaxAllowedUsers = 1000;

    /// <param name="Target">Where the invite opens, which also says who may create it.</param>
    /// <param name="MaxUses">0-<see cref="MaxUsesLimit"/>, 0 for unlimited.</param>
    /// <param name="ExpiresAt">Null for never.</param>
    public sealed record Command(Caller Caller, InviteTarget Target, int MaxUses, DateTimeOffset? ExpiresAt, bool Temporary)
        : IRequest<Result<InviteRow>>
    {
        /// <summary>Joins through it become join requests for an admin to answer.</summary>
        public bool RequiresApproval { get; init; }

        /// <summary>A label for admins; null or empty for none.</summary>
        public string? Name { get; init; }

        /// <summary>Roles granted on join; giving any needs MANAGE_SERVER.</summary>
        public IReadOnlyList<string> Roles { get; init; } = [];

        /// <summary>When given, only these users may join.</summary>
        public IReadOnlyList<string>? AllowedUserIds { get; init; }

        /// <summary>The body left the uses out: <see cref="MaxUses"/> is the face's default, which the server's policy may replace.</summary>
        public bool MaxUsesLeftOut { get; init; }

        /// <summary>The body left the lifetime out: <see cref="ExpiresAt"/> is the face's default, which the server's policy may replace.</summary>
        public bool LifetimeLeftOut { get; init; }
    }

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
                    connection, serverId, command.Caller, now, command.Target.Requires, transaction, command.Target.Denied);
                if (access.Error is { } denied) return denied;
                if (!access.Value!.MayCreateInvites(command.Caller.Id)) return InviteErrors.TemporaryCannotCreate;
                if (!access.Value.InvitesEnabled) return InviteErrors.Paused;
                if (command.Roles.Count > 0 && !access.Value.Has(command.Caller.Id, Permission.ManageServer)) return InviteErrors.CannotGrantRoles;

                // The server's invite policy fills in what the body left out, then judges the invite as it would be made.
                var policy = await InvitePolicy.LoadAsync(connection, serverId, transaction);
                var at = DateTimeOffset.FromUnixTimeMilliseconds(now);
                var asked = command.ExpiresAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e.ToUnixTimeMilliseconds()) : (DateTimeOffset?)null; // as stored
                var (maxUses, expiresAt) = policy.Fill(command.MaxUses, command.MaxUsesLeftOut, asked, command.LifetimeLeftOut, at);
                if (policy.Judge(maxUses, expiresAt, at) is { Count: > 0 } breaches) return new InvitePolicy.Refusal(breaches);
                if (access.Value.MaxInvites is { } cap &&
                    await connection.ExecuteScalarAsync<long>(InviteRow.CountUsable, new { ServerId = serverId, Now = now }, transaction) >= cap)
                {
                    return InviteErrors.MaxInvites;
                }

                var id = Guid.CreateVersion7().ToString();
                var row = new DynamicParameters(new
                {
                    Id = id,
                    ServerId = serverId,
                    ChannelId = channelId,
                    InviterId = command.Caller.Id,
                    MaxUses = maxUses,
                    ExpiresAt = expiresAt?.ToUnixTimeMilliseconds(),
                    command.Temporary,
                    command.RequiresApproval,
                    Now = now,
                    InviteName = string.IsNullOrEmpty(command.Name) ? null : command.Name,
                    Roles = RoleRules.Join(command.Roles),
                    UserId = command.Caller.Id,
                    command.Caller.Name,
                    command.Caller.Avatar,
                    Restricted = command.AllowedUserIds is not null,
                });
                // Codes are unique across invite and vanity codes, case-insensitively: a drawn code already in use is drawn
                // again (checked first, so the insert never fails mid-transaction, which PostgreSQL would not forgive).
                var code = codes.Next();
                for (var attempt = 1; attempt < CodeAttempts && await connection.ExecuteScalarAsync<bool>(Vanity.CodeInUseSql, new { Code = code }, transaction); attempt++)
                {
                    code = codes.Next();
                }

                row.Add("Code", code);
                var created = await connection.QuerySingleAsync<InviteRow>(Sql.Insert, row, transaction);
                var allowed = command.AllowedUserIds?.Distinct(StringComparer.Ordinal).ToArray();
                foreach (var userId in allowed ?? [])
                {
                    await connection.ExecuteAsync(Sql.Allow, new { InviteId = id, UserId = userId }, transaction);
                }

                created.AllowedUserIds = allowed;
                await Outbox.EmitAsync(connection, transaction, new InviteCreated(
                    created.Code, serverId, channelId, created.InviterId, created.MaxUses, Time.Rfc3339(created.ExpiresAt), created.Temporary), now);
                return created;
            }, cancellationToken);
    }

    private static class Sql
    {
        /// <summary>
        /// The creator's user record, the invite, and the invite as read back, in one command (one round trip where each
        /// statement is one): the answer is the rows of the one statement that returns any.
        /// </summary>
        public const string Insert = $"""
            {Users.UpsertSql};
            INSERT INTO invites (id, code, server_id, channel_id, inviter_id, max_uses, uses, expires_at, temporary, created_at, updated_at,
                                 name, roles, restricted, requires_approval)
            VALUES (@Id, @Code, @ServerId, @ChannelId, @InviterId, @MaxUses, 0, @ExpiresAt, @Temporary, @Now, @Now,
                    @InviteName, @Roles, @Restricted, @RequiresApproval);
            {InviteRow.ById}
            """;

        public const string Allow = """
            INSERT INTO invite_allowed_users (invite_id, user_id)
            VALUES (@InviteId, @UserId)
            """;
    }
}

/// <summary>
/// Where an invite opens, and so who may create it: an invite to a channel, for anyone who may hand out invites
/// (CREATE_INVITE); or a server-wide invite, which opens on the server's default channel (its first text channel), for
/// those who manage the server's invites (MANAGE_INVITES).
/// </summary>
public sealed record InviteTarget
{
    private InviteTarget(string? channelId, string? serverId, Permission requires, Error denied)
    {
        ChannelId = channelId;
        ServerId = serverId;
        Requires = requires;
        Denied = denied;
    }

    public string? ChannelId { get; }
    public string? ServerId { get; }

    /// <summary>What the caller must hold to create an invite here.</summary>
    public Permission Requires { get; }

    /// <summary>The refusal of a caller who does not hold <see cref="Requires"/>.</summary>
    public Error Denied { get; }

    public static InviteTarget Channel(string channelId) => new(channelId, null, Permission.CreateInvite, InviteErrors.CannotCreate);

    public static InviteTarget ServerWide(string serverId) => new(null, serverId, Permission.ManageInvites, InviteErrors.CannotCreateServerWide);

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
