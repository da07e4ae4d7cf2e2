using System.Data.Common;
using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.SharedKernel;

/// <summary>A server as seen by one caller: whether they belong to it and what they may do there.</summary>
public sealed class ServerAccess
{
    public string ServerId { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public bool InvitesEnabled { get; set; }
    public long? MaxInvites { get; set; }
    public bool IsMember { get; set; }
    public long MemberPermissions { get; set; }
    public bool IsTemporary { get; set; }
    public bool IsPlatformAdmin { get; set; }

    public bool IsOwner(string userId) => OwnerId == userId;

    /// <summary>The owner and the platform admin have everything; MANAGE_SERVER implies every permission.</summary>
    public bool Has(string userId, Permission permission) =>
        IsOwner(userId) || IsPlatformAdmin ||
        (IsMember && ((MemberPermissions & (long)Permission.ManageServer) != 0 || (MemberPermissions & (long)permission) == (long)permission));

    /// <summary>
    /// A temporary member cannot hand out invites until made permanent (any role): otherwise they could create a
    /// permanent invite, leave, and rejoin through it as a permanent member.
    /// </summary>
    public bool MayCreateInvites(string userId) => !(IsMember && IsTemporary && !IsOwner(userId) && !IsPlatformAdmin);

    /// <summary>
    /// The one access check of every slice that works inside a server: an unknown server is
    /// <see cref="ServerErrors.UnknownServer"/>; a caller without <paramref name="permission"/> gets <paramref name="denied"/>
    /// (<see cref="CommonErrors.NoPermission"/> unless the slice has its own outcome). <see cref="Permission.None"/> asks
    /// for membership only; null asks for nothing beyond the server existing.
    /// </summary>
    public static async Task<Result<ServerAccess>> RequireAsync(
        DbConnection connection, string serverId, Caller caller, long now, Permission? permission,
        DbTransaction? transaction = null, Error? denied = null)
    {
        var access = await LoadAsync(connection, serverId, caller, now, transaction);
        if (access is null) return ServerErrors.UnknownServer;
        if (permission is { } needed && !access.Has(caller.Id, needed)) return denied ?? CommonErrors.NoPermission;
        return access;
    }

    /// <summary>A caller's standing in a server, read on its own: for a face whose own rules need it before it asks a slice.</summary>
    public sealed record Query(Caller Caller, string ServerId) : IRequest<Result<ServerAccess>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<ServerAccess>>
    {
        public Task<Result<ServerAccess>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync(connection => RequireAsync(connection, query.ServerId, query.Caller, time.Now(), permission: null), cancellationToken);
    }

    private static async Task<ServerAccess?> LoadAsync(
        DbConnection connection, string serverId, Caller caller, long now, DbTransaction? transaction = null)
    {
        var access = await connection.QuerySingleOrDefaultAsync<ServerAccess>(
            Sql.Load, new { ServerId = serverId, UserId = caller.Id, Now = now }, transaction);
        if (access is not null)
        {
            access.IsPlatformAdmin = caller.IsPlatformAdmin;
        }

        return access;
    }

    private static class Sql
    {
        public const string Load = $"""
            SELECT s.id AS ServerId,
                   s.owner_id AS OwnerId,
                   {ServerRow.InvitesEnabledAtNow} AS InvitesEnabled,
                   s.max_invites AS MaxInvites,
                   m.user_id IS NOT NULL AS IsMember,
                   COALESCE(m.permissions, 0) AS MemberPermissions,
                   COALESCE(m.temporary, 0) AS IsTemporary
            FROM servers s
            LEFT JOIN members m ON m.server_id = s.id AND m.user_id = @UserId
            WHERE s.id = @ServerId
            """;
    }
}
