using System.Data.Common;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;

namespace InviteService.Features.SharedKernel;

/// <summary>
/// Work inside one server, as one caller: what every such slice does first, once. The server must exist and the caller
/// hold the permission (<see cref="ServerAccess.RequireAsync"/>); then the slice's own work runs with the connection, the
/// caller's access and the time at hand. A write runs in the writer's transaction (<see cref="InServerWrite"/>); a
/// refusal of the check writes nothing.
/// </summary>
public record InServer(DbConnection Connection, ServerAccess Access, long Now)
{
    /// <param name="permission">What the caller must hold; <see cref="Permission.None"/> asks for membership, null for nothing.</param>
    /// <param name="denied">The refusal of a caller without <paramref name="permission"/>, when the slice has its own.</param>
    public static Task<Result<T>> WriteAsync<T>(
        Db db, TimeProvider time, Caller caller, string serverId, Permission? permission, Func<InServerWrite, Task<Result<T>>> work,
        CancellationToken cancellationToken, Error? denied = null) =>
        db.WriteAsync<T>(async (connection, transaction) =>
        {
            var now = time.Now();
            var access = await ServerAccess.RequireAsync(connection, serverId, caller, now, permission, transaction, denied);
            if (access.Error is { } refused) return refused;
            return await work(new InServerWrite(connection, transaction, access.Value!, now));
        }, cancellationToken);

    /// <inheritdoc cref="WriteAsync{T}"/>
    public static Task<Result<T>> ReadAsync<T>(
        Db db, TimeProvider time, Caller caller, string serverId, Permission? permission, Func<InServer, Task<Result<T>>> work,
        CancellationToken cancellationToken, Error? denied = null) =>
        db.ReadAsync(async connection =>
        {
            var now = time.Now();
            var access = await ServerAccess.RequireAsync(connection, serverId, caller, now, permission, denied: denied);
            if (access.Error is { } refused) return refused;
            return await work(new InServer(connection, access.Value!, now));
        }, cancellationToken);
}

/// <summary>A write inside one server: <see cref="InServer"/> with the writer's transaction.</summary>
public sealed record InServerWrite(DbConnection Connection, DbTransaction Transaction, ServerAccess Access, long Now)
    : InServer(Connection, Access, Now);
