using System.Data.Common;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;

namespace InviteService.Features.Invites;

/// <summary>One invite with its creator, as every invite slice reads it.</summary>
public sealed class InviteRow
{
    public const int MaxCodeLength = 64;

    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string ServerId { get; set; } = "";
    public string ChannelId { get; set; } = "";
    public string InviterId { get; set; } = "";
    public long MaxUses { get; set; }
    public long Uses { get; set; }
    public long? ExpiresAt { get; set; }
    public bool Temporary { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? DeletedAt { get; set; }
    public string InviterName { get; set; } = "";
    /// <summary>
    /// The creator's picture when <see cref="Caller.PictureOrNull"/> accepts it, else null: a row written before pictures
    /// were checked where they enter may hold anything (a <c>javascript:</c> link), and no face shows that.
    /// </summary>
    public string? InviterAvatar { get => _inviterAvatar; set => _inviterAvatar = Caller.PictureOrNull(value); }

    private string? _inviterAvatar;
    public long InviterCreatedAt { get; set; }
    public long InviterUpdatedAt { get; set; }

    /// <summary>A label for admins; null when the invite has none.</summary>
    public string? Name { get; set; }

    /// <summary>Roles granted on join, comma-joined like a member's (empty for none).</summary>
    public string Roles { get; set; } = "";

    /// <summary>Only the users listed for it in <c>invite_allowed_users</c> may join.</summary>
    public bool Restricted { get; set; }

    /// <summary>Why a deleted invite stopped: deleted, revoked, expired or used_up.</summary>
    public string? DeletedReason { get; set; }

    public string[] RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Not a column: the users a restricted invite lists, where a slice read them (creation).</summary>
    public IReadOnlyList<string>? AllowedUserIds { get; set; }

    /// <summary>Not a column of <see cref="Columns"/>: how many users a restricted invite lists, where a list counted them.</summary>
    public long AllowedUserCount { get; set; }

    /// <summary>Not a column: the invite's status, where a list was asked for it.</summary>
    public InviteStatus? Status { get; set; }

    /// <summary>
    /// The usability rule, in C#: an invite admits someone while it is not deleted, its server takes invites
    /// (<paramref name="invitesEnabled"/>), and it is neither expired nor used up. <see cref="UsableWhere"/> states the
    /// invite's part of the rule in SQL; both are the only statements of it.
    /// </summary>
    public CodeState StateAt(long now, bool invitesEnabled) =>
        DeletedAt is not null ? CodeState.Deleted
        : !invitesEnabled ? CodeState.Paused
        : IsExpired(now) ? CodeState.Expired
        : IsUsedUp ? CodeState.UsedUp
        : CodeState.Usable;

    public bool IsExpired(long now) => ExpiresAt is { } at && at <= now;
    public bool IsUsedUp => MaxUses > 0 && Uses >= MaxUses;

    /// <summary>
    /// A path value that cannot be a code (invite codes are letters and digits, vanity codes add '-') is answered as an
    /// unknown invite, without a query.
    /// </summary>
    public static bool IsPlausibleCode(string code) =>
        code.Length is > 0 and <= MaxCodeLength && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Columns for <see cref="InviteRow"/>; the query names invites <c>i</c> and joins the creator as <c>u</c>.</summary>
    public const string Columns = """
        i.id AS Id, i.code AS Code, i.server_id AS ServerId, i.channel_id AS ChannelId, i.inviter_id AS InviterId,
        i.max_uses AS MaxUses, i.uses AS Uses, i.expires_at AS ExpiresAt, i.temporary AS Temporary,
        i.created_at AS CreatedAt, i.updated_at AS UpdatedAt, i.deleted_at AS DeletedAt,
        u.name AS InviterName, u.avatar AS InviterAvatar, u.created_at AS InviterCreatedAt, u.updated_at AS InviterUpdatedAt,
        i.name AS Name, i.roles AS Roles, i.restricted AS Restricted, i.deleted_reason AS DeletedReason
        """;

    /// <summary>How many columns <see cref="Columns"/> has.</summary>
    public const int ColumnCount = 20;

    /// <summary>A row of <see cref="Columns"/> read by position from <paramref name="at"/>, in the order <see cref="Columns"/> names them.</summary>
    public static InviteRow Read(DbDataReader reader, int at) => new()
    {
        Id = reader.GetString(at),
        Code = reader.GetString(at + 1),
        ServerId = reader.GetString(at + 2),
        ChannelId = reader.GetString(at + 3),
        InviterId = reader.GetString(at + 4),
        MaxUses = reader.GetInt64(at + 5),
        Uses = reader.GetInt64(at + 6),
        ExpiresAt = reader.IsDBNull(at + 7) ? null : reader.GetInt64(at + 7),
        Temporary = Flags.Read(reader, at + 8),
        CreatedAt = reader.GetInt64(at + 9),
        UpdatedAt = reader.GetInt64(at + 10),
        DeletedAt = reader.IsDBNull(at + 11) ? null : reader.GetInt64(at + 11),
        InviterName = reader.GetString(at + 12),
        InviterAvatar = reader.IsDBNull(at + 13) ? null : reader.GetString(at + 13),
        InviterCreatedAt = reader.GetInt64(at + 14),
        InviterUpdatedAt = reader.GetInt64(at + 15),
        Name = reader.IsDBNull(at + 16) ? null : reader.GetString(at + 16),
        Roles = reader.GetString(at + 17),
        Restricted = Flags.Read(reader, at + 18),
        DeletedReason = reader.IsDBNull(at + 19) ? null : reader.GetString(at + 19),
    };

    /// <summary>
    /// The usability rule of <see cref="StateAt"/> in SQL, for a query that names invites <c>i</c> and passes <c>@Now</c>: listing, counting
    /// against the cap, consuming a use, revoking and archiving all use this fragment.
    /// </summary>
    public const string UsableWhere = """
        i.deleted_at IS NULL
        AND (i.expires_at IS NULL OR i.expires_at > @Now)
        AND (i.max_uses = 0 OR i.uses < i.max_uses)
        """;

    /// <summary>A server's usable invites (<c>@ServerId</c>, <c>@Now</c>): what counts against its cap, and a list's total.</summary>
    public const string CountUsable = $"""
        SELECT COUNT(*)
        FROM invites i
        WHERE i.server_id = @ServerId
          AND {UsableWhere}
        """;

    public const string ById = $"""
        SELECT {Columns}
        FROM invites i
        JOIN users u ON u.id = i.inviter_id
        WHERE i.id = @Id
        """;
}
