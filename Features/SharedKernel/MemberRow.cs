using InviteService.Infrastructure.Auth;

namespace InviteService.Features.SharedKernel;

/// <summary>A membership with its attribution (the invite it came through) and the member's user record.</summary>
public sealed class MemberRow
{
    public string Id { get; set; } = "";
    public string ServerId { get; set; } = "";
    public string UserId { get; set; } = "";
    public long Permissions { get; set; }
    public string Roles { get; set; } = "";
    public bool Temporary { get; set; }
    public string? InviteCode { get; set; }
    public string? InviterId { get; set; }
    public long JoinedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>The member's picture when <see cref="Caller.PictureOrNull"/> accepts it, else null, as <c>InviteRow.InviterAvatar</c>.</summary>
    public string? UserAvatar { get => _userAvatar; set => _userAvatar = Caller.PictureOrNull(value); }

    private string? _userAvatar;
    public long UserCreatedAt { get; set; }
    public long UserUpdatedAt { get; set; }

    /// <summary>The admin who approved the member's join request; null for a direct join.</summary>
    public string? ApprovedBy { get; set; }

    public string[] RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Columns for <see cref="MemberRow"/>; the query names members <c>m</c> and joins their user as <c>u</c>.</summary>
    public const string Columns = """
        m.id AS Id, m.server_id AS ServerId, m.user_id AS UserId, m.permissions AS Permissions, m.roles AS Roles,
        m.temporary AS Temporary, m.invite_code AS InviteCode, m.inviter_id AS InviterId,
        m.joined_at AS JoinedAt, m.updated_at AS UpdatedAt,
        u.name AS UserName, u.avatar AS UserAvatar, u.created_at AS UserCreatedAt, u.updated_at AS UserUpdatedAt,
        m.approved_by AS ApprovedBy
        """;

    public const string ByUser = $"""
        SELECT {Columns}
        FROM members m
        JOIN users u ON u.id = m.user_id
        WHERE m.server_id = @ServerId AND m.user_id = @UserId
        """;
}
