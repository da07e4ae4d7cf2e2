using System.Data.Common;
using Dapper;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;

namespace InviteService.Features.Servers;

/// <summary>A server with its channels, member count and invite policy: what the management routes return.</summary>
public sealed record ServerDetails(ServerRow Server, IReadOnlyList<ChannelRow> Channels, long MemberCount, InvitePolicy InvitePolicy)
{
    public static async Task<ServerDetails> LoadAsync(DbConnection connection, string serverId, long now, DbTransaction? transaction = null)
    {
        var server = await connection.QuerySingleAsync<ServerRow>(ServerRow.ById, new { ServerId = serverId, Now = now }, transaction);
        var channels = await connection.QueryAsync<ChannelRow>(Sql.Channels, new { ServerId = serverId }, transaction);
        var members = await connection.ExecuteScalarAsync<long>(Sql.MemberCount, new { ServerId = serverId }, transaction);
        var policy = await InvitePolicy.LoadAsync(connection, serverId, transaction);
        return new ServerDetails(server, channels.AsList(), members, policy);
    }

    private static class Sql
    {
        public const string Channels = """
            SELECT id AS Id, server_id AS ServerId, name AS Name, type AS Type, created_at AS CreatedAt
            FROM channels
            WHERE server_id = @ServerId
            ORDER BY created_at, id
            """;

        public const string MemberCount = "SELECT member_count FROM servers WHERE id = @ServerId";
    }
}
