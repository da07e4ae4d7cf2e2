using Dapper;
using InviteService.Infrastructure.Auth;
using System.Data.Common;

namespace InviteService.Features.SharedKernel;

/// <summary>The users table mirrors the token's claims; it is refreshed whenever a user writes.</summary>
public static class Users
{
    public static Task UpsertAsync(DbConnection connection, DbTransaction transaction, Caller caller, long now) =>
        connection.ExecuteAsync(UpsertSql, new { UserId = caller.Id, caller.Name, caller.Avatar, Now = now }, transaction);

    /// <summary>The upsert, also for a command that runs it with others; binds <c>@UserId</c>, <c>@Name</c>, <c>@Avatar</c> and <c>@Now</c>.</summary>
    public const string UpsertSql = """
        INSERT INTO users (id, name, avatar, created_at, updated_at)
        VALUES (@UserId, @Name, @Avatar, @Now, @Now)
        ON CONFLICT (id) DO UPDATE
        SET name = excluded.name,
            avatar = excluded.avatar,
            updated_at = excluded.updated_at
        WHERE users.name IS DISTINCT FROM excluded.name
           OR users.avatar IS DISTINCT FROM excluded.avatar
        """;
}
