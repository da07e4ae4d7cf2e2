using Dapper;
using InviteService.Infrastructure;
using System.Data.Common;

namespace InviteService.Features.Servers;

public static class ServerRules
{
    public const int MaxNameLength = 100;

    /// <summary>The highest cap on active invites a server may set (0 means unlimited).</summary>
    public const int MaxInvitesLimit = 100_000;
}

/// <summary>A server with its channels and member count: what the management routes return.</summary>
public sealed record ServerDetails(ServerRow Server, IReadOnlyList<ChannelRow> Channels, long MemberCount)
{
    public static async Task<ServerDetails> LoadAsync(DbConnection connection, string serverId, long now, DbTransaction? transaction = null)
    {
        var server = await connection.QuerySingleAsync<ServerRow>(ServerRow.ById, new { ServerId = serverId, Now = now }, transaction);
        var channels = await connection.QueryAsync<ChannelRow>(Sql.Channels, new { ServerId = serverId }, transaction);
        var members = await connection.ExecuteScalarAsync<long>(Sql.MemberCount, new { ServerId = serverId }, transaction);
        return new ServerDetails(server, channels.AsList(), members);
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

public sealed class ChannelRow
{
    /// <summary>The kinds of channel.</summary>
    public static readonly string[] Types = ["text", "voice"];

    public string Id { get; set; } = "";
    public string ServerId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public long CreatedAt { get; set; }
}

/// <summary>GET/POST/PATCH /servers: the seed's server object plus the settings that govern invites.</summary>
public sealed record HearthServerDetails(
    string Id, string Name, string? IconUrl, string OwnerId, string[] Features, string CreatedAt,
    long? MaxInvites, bool InvitesEnabled, string? InvitesPausedUntil, string[] DefaultPermissions, string? VanityUrlCode, long MemberCount,
    HearthChannelDetails[] Channels)
{
    public static HearthServerDetails From(ServerDetails d)
    {
        var s = d.Server;
        return new(s.Id, s.Name, s.IconUrl, s.OwnerId, s.FeatureList, Time.Rfc3339(s.CreatedAt),
            s.MaxInvites, s.InvitesEnabled, Time.Rfc3339(s.InvitesPausedUntil), Permissions.ToNames(s.DefaultPermissions), s.VanityCode, d.MemberCount,
            d.Channels.Select(HearthChannelDetails.From).ToArray());
    }
}

public sealed record HearthChannelDetails(string Id, string ServerId, string Name, string Type, string CreatedAt)
{
    public static HearthChannelDetails From(ChannelRow c) => new(c.Id, c.ServerId, c.Name, c.Type, Time.Rfc3339(c.CreatedAt));
}
