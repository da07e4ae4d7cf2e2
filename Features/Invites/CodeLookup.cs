using System.Data;
using InviteService.Features.Servers;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Database;
using System.Data.Common;

namespace InviteService.Features.Invites;

/// <summary>
/// A code as every invite slice reads it: an invite's code, or a server's vanity code, which acts as an invite that never
/// expires, has no limit and no creator, and opens on the server's default channel. Deleted invites are found too (their
/// history matters); each slice, and each face, decides what a deleted or unusable one means.
/// </summary>
/// <param name="State">Whether the code admits anyone at the time it was looked up, and if not, why not.</param>
public sealed record ResolvedCode(InviteRow Invite, CodeServer Server, CodeChannel Channel, bool IsVanity, CodeState State)
{
    public bool Admits => State == CodeState.Usable;
}

/// <summary>The server a code leads to, as the viewer (if any) stands there.</summary>
public sealed class CodeServer
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? IconUrl { get; set; }
    public string OwnerId { get; set; } = "";
    public bool InvitesEnabled { get; set; }
    public long MemberCount { get; set; }
    public long DefaultPermissions { get; set; }
    public string? VanityCode { get; set; }
    public long VanityUses { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public bool ViewerIsMember { get; set; }
    public bool ViewerIsBanned { get; set; }

    /// <summary>The raid brake's numbers: all three, or none (off). Read with the code, so a join needs no extra trip for them.</summary>
    public long? RaidMaxJoins { get; set; }
    public long? RaidPerSeconds { get; set; }
    public long? RaidPauseMinutes { get; set; }

    /// <summary>Columns for <see cref="CodeServer"/>; the query names servers <c>s</c> and binds <c>@Now</c> and <c>@ViewerId</c>.</summary>
    public const string Columns = $"""
        s.id AS Id, s.name AS Name, s.icon_url AS IconUrl, s.owner_id AS OwnerId, {ServerRow.InvitesEnabledAtNow} AS InvitesEnabled,
        s.member_count AS MemberCount, s.default_permissions AS DefaultPermissions, s.vanity_code AS VanityCode,
        s.vanity_uses AS VanityUses, s.created_at AS CreatedAt, s.updated_at AS UpdatedAt,
        EXISTS (SELECT 1 FROM members m WHERE m.server_id = s.id AND m.user_id = @ViewerId) AS ViewerIsMember,
        EXISTS (SELECT 1 FROM bans b WHERE b.server_id = s.id AND b.user_id = @ViewerId) AS ViewerIsBanned,
        s.raid_max_joins AS RaidMaxJoins, s.raid_per_seconds AS RaidPerSeconds, s.raid_pause_minutes AS RaidPauseMinutes
        """;

    public const int ColumnCount = 16;

    /// <summary>A row of <see cref="Columns"/> read by position from <paramref name="at"/>, in the order <see cref="Columns"/> names them.</summary>
    public static CodeServer Read(DbDataReader reader, int at) => new()
    {
        Id = reader.GetString(at),
        Name = reader.GetString(at + 1),
        IconUrl = reader.IsDBNull(at + 2) ? null : reader.GetString(at + 2),
        OwnerId = reader.GetString(at + 3),
        InvitesEnabled = Flags.Read(reader, at + 4),
        MemberCount = reader.GetInt64(at + 5),
        DefaultPermissions = reader.GetInt64(at + 6),
        VanityCode = reader.IsDBNull(at + 7) ? null : reader.GetString(at + 7),
        VanityUses = reader.GetInt64(at + 8),
        CreatedAt = reader.GetInt64(at + 9),
        UpdatedAt = reader.GetInt64(at + 10),
        ViewerIsMember = Flags.Read(reader, at + 11),
        ViewerIsBanned = Flags.Read(reader, at + 12),
        RaidMaxJoins = reader.IsDBNull(at + 13) ? null : reader.GetInt64(at + 13),
        RaidPerSeconds = reader.IsDBNull(at + 14) ? null : reader.GetInt64(at + 14),
        RaidPauseMinutes = reader.IsDBNull(at + 15) ? null : reader.GetInt64(at + 15),
    };
}

public sealed class CodeChannel
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";

    public const string Columns = "c.id AS Id, c.name AS Name, c.type AS Type";

    public static CodeChannel Read(DbDataReader reader, int at) =>
        new() { Id = reader.GetString(at), Name = reader.GetString(at + 1), Type = reader.GetString(at + 2) };
}

public static class CodeLookup
{
    /// <summary>Null when no invite has the code and no server has it as its vanity code.</summary>
    /// <remarks>
    /// The row is read by position, not through Dapper's mapping by name: this one query serves every preview and join,
    /// and matching its 40 column names on each call cost more than running it (profiled under the preview benchmark).
    /// </remarks>
    public static async Task<ResolvedCode?> FindAsync(
        DbConnection connection, string code, long now, string? viewerId, DbTransaction? transaction = null)
    {
        await using (var command = Command(connection, transaction, Sql.Invite, code, now, viewerId))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                var invite = InviteRow.Read(reader, 0);
                var server = CodeServer.Read(reader, InviteRow.ColumnCount);
                return new ResolvedCode(
                    invite, server, CodeChannel.Read(reader, InviteRow.ColumnCount + CodeServer.ColumnCount), IsVanity: false, invite.StateAt(now, server.InvitesEnabled));
            }
        }

        await using (var command = Command(connection, transaction, Sql.Vanity, code, now, viewerId))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync()) return null;
            var server = CodeServer.Read(reader, 0);
            var channel = CodeChannel.Read(reader, CodeServer.ColumnCount);
            var invite = VanityInvite(server, channel);
            return new ResolvedCode(invite, server, channel, IsVanity: true, invite.StateAt(now, server.InvitesEnabled));
        }
    }

    /// <summary>
    /// The command is made and disposed here rather than through Dapper's <c>ExecuteReaderAsync</c>: disposed with
    /// <c>await using</c>, its reader wrapper left the connection's cached statement taken, so every later lookup prepared
    /// the query afresh (seen in the preview profile, at about a seventh of the throughput).
    /// </summary>
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, string code, long now, string? viewerId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Add(command, "Code", DbType.String, code);
        Add(command, "Now", DbType.Int64, now);
        Add(command, "ViewerId", DbType.String, viewerId);
        return command;
    }

    private static void Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A vanity code as an invite: built here from the server, so its shape cannot drift from <see cref="InviteRow"/>.</summary>
    private static InviteRow VanityInvite(CodeServer server, CodeChannel channel) => new()
    {
        Id = "",
        Code = server.VanityCode!,
        ServerId = server.Id,
        ChannelId = channel.Id,
        InviterId = server.OwnerId,
        MaxUses = 0,
        Uses = server.VanityUses,
        ExpiresAt = null,
        Temporary = false,
        CreatedAt = server.CreatedAt,
        UpdatedAt = server.UpdatedAt,
        DeletedAt = null,
    };

    /// <summary>Internal for the test that holds the reading by position to Dapper's mapping by name.</summary>
    internal static class Sql
    {
        public const string Invite = $"""
            SELECT {InviteRow.Columns},
                   {CodeServer.Columns},
                   {CodeChannel.Columns}
            FROM invites i
            JOIN users u ON u.id = i.inviter_id
            JOIN servers s ON s.id = i.server_id
            JOIN channels c ON c.id = i.channel_id
            WHERE i.code = @Code
            """;

        /// <summary>Vanity codes are matched case-insensitively.</summary>
        public const string Vanity = $"""
            SELECT {CodeServer.Columns},
                   {CodeChannel.Columns}
            FROM servers s
            JOIN channels c ON c.id = {ServerRow.DefaultChannelId}
            WHERE lower(s.vanity_code) = lower(@Code)
            """;
    }
}
