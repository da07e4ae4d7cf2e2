namespace InviteService.Features.Servers;

/// <summary>A server as stored; each face picks the fields its contract shows.</summary>
public sealed class ServerRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? IconUrl { get; set; }
    public string OwnerId { get; set; } = "";
    public string Features { get; set; } = "";
    public long? MaxInvites { get; set; }
    public bool InvitesEnabled { get; set; }
    public long DefaultPermissions { get; set; }
    public string? VanityCode { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public string[] FeatureList => Features.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public const string Columns = """
        s.id AS Id, s.name AS Name, s.icon_url AS IconUrl, s.owner_id AS OwnerId, s.features AS Features,
        s.max_invites AS MaxInvites, s.invites_enabled AS InvitesEnabled, s.default_permissions AS DefaultPermissions,
        s.vanity_code AS VanityCode, s.created_at AS CreatedAt, s.updated_at AS UpdatedAt
        """;

    public const string ById = $"""
        SELECT {Columns}
        FROM servers s
        WHERE s.id = @ServerId
        """;
}
