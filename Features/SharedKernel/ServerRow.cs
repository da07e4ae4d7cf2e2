namespace InviteService.Features.SharedKernel;

/// <summary>A server as stored; each face picks the fields its contract shows.</summary>
public sealed class ServerRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? IconUrl { get; set; }
    public string OwnerId { get; set; } = "";
    public string Features { get; set; } = "";
    public long? MaxInvites { get; set; }
    /// <summary>Effective: enabled, or paused until a time that has passed.</summary>
    public bool InvitesEnabled { get; set; }
    public long? InvitesPausedUntil { get; set; }
    public long VanityUses { get; set; }
    public long DefaultPermissions { get; set; }
    public string? VanityCode { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    /// <summary>The raid brake: all three set, or none (off).</summary>
    public long? RaidMaxJoins { get; set; }
    public long? RaidPerSeconds { get; set; }
    public long? RaidPauseMinutes { get; set; }

    /// <summary>When the raid brake last paused the server's invites.</summary>
    public long? RaidDetectedAt { get; set; }

    public string[] FeatureList => Features.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Whether the server <c>s</c> takes invites at <c>@Now</c>: a pause with an end time is over once that time passes,
    /// without any write, so it resumes exactly on time.
    /// </summary>
    public const string InvitesEnabledAtNow =
        "(s.invites_enabled = 1 OR (s.invites_paused_until IS NOT NULL AND s.invites_paused_until <= @Now))";

    /// <summary>
    /// The channel a server-wide link (a vanity code, a messenger thread invite) points at: the server <c>s</c>'s first text channel.
    /// </summary>
    public const string DefaultChannelId =
        "(SELECT id FROM channels WHERE server_id = s.id AND type = 'text' ORDER BY created_at, id LIMIT 1)";

    /// <summary>Columns for <see cref="ServerRow"/>; the query names servers <c>s</c> and binds <c>@Now</c>.</summary>
    public const string Columns = $"""
        s.id AS Id, s.name AS Name, s.icon_url AS IconUrl, s.owner_id AS OwnerId, s.features AS Features,
        s.max_invites AS MaxInvites, {InvitesEnabledAtNow} AS InvitesEnabled,
        CASE WHEN {InvitesEnabledAtNow} THEN NULL ELSE s.invites_paused_until END AS InvitesPausedUntil,
        s.default_permissions AS DefaultPermissions, s.vanity_code AS VanityCode, s.vanity_uses AS VanityUses,
        s.created_at AS CreatedAt, s.updated_at AS UpdatedAt,
        s.raid_max_joins AS RaidMaxJoins, s.raid_per_seconds AS RaidPerSeconds, s.raid_pause_minutes AS RaidPauseMinutes,
        s.raid_detected_at AS RaidDetectedAt
        """;

    public const string ById = $"""
        SELECT {Columns}
        FROM servers s
        WHERE s.id = @ServerId
        """;
}
