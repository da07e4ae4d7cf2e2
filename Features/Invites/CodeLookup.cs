using Dapper;
using InviteService.Features.Servers;
using System.Data.Common;

namespace InviteService.Features.Invites;

/// <summary>
/// A code as every invite slice reads it: an invite's code, or, where the caller allows it, a server's vanity code, which
/// acts as an invite that never expires, has no limit and no creator, and opens on the server's default channel. Deleted
/// invites are found too (their history matters); each slice decides what a deleted or unusable one means.
/// </summary>
public sealed record ResolvedCode(InviteRow Invite, CodeServer Server, CodeChannel Channel, bool IsVanity)
{
    /// <summary>The usability rule of the invite, and the server's invites not paused.</summary>
    public bool Admits(long now) => Invite.IsUsable(now) && Server.InvitesEnabled;
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

    /// <summary>Columns for <see cref="CodeServer"/>; the query names servers <c>s</c> and binds <c>@Now</c> and <c>@ViewerId</c>.</summary>
    public const string Columns = $"""
        s.id AS Id, s.name AS Name, s.icon_url AS IconUrl, s.owner_id AS OwnerId, {ServerRow.InvitesEnabledAtNow} AS InvitesEnabled,
        s.member_count AS MemberCount, s.default_permissions AS DefaultPermissions, s.vanity_code AS VanityCode,
        s.vanity_uses AS VanityUses, s.created_at AS CreatedAt, s.updated_at AS UpdatedAt,
        EXISTS (SELECT 1 FROM members m WHERE m.server_id = s.id AND m.user_id = @ViewerId) AS ViewerIsMember,
        EXISTS (SELECT 1 FROM bans b WHERE b.server_id = s.id AND b.user_id = @ViewerId) AS ViewerIsBanned
        """;
}

public sealed class CodeChannel
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";

    public const string Columns = "c.id AS Id, c.name AS Name, c.type AS Type";
}

public static class CodeLookup
{
    /// <summary>Null when no invite has the code and (if allowed) no server has it as its vanity code.</summary>
    public static async Task<ResolvedCode?> FindAsync(
        DbConnection connection, string code, long now, bool allowVanity, string? viewerId, DbTransaction? transaction = null)
    {
        var args = new { Code = code, Now = now, ViewerId = viewerId };
        var invite = (await connection.QueryAsync<InviteRow, CodeServer, CodeChannel, ResolvedCode>(
            Sql.Invite, (i, s, c) => new ResolvedCode(i, s, c, IsVanity: false), args, transaction, splitOn: "Id,Id")).SingleOrDefault();
        if (invite is not null || !allowVanity) return invite;

        return (await connection.QueryAsync<CodeServer, CodeChannel, ResolvedCode>(
            Sql.Vanity, (s, c) => new ResolvedCode(VanityInvite(s, c), s, c, IsVanity: true), args, transaction, splitOn: "Id")).SingleOrDefault();
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

    private static class Sql
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
