using System.Security.Cryptography;
using System.Text;

namespace InviteService.Features.JoinRequests;

/// <summary>A pending join request, with the applicant's user record and what the invite it came through gives.</summary>
public sealed class JoinRequestRow
{
    public string ServerId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string InviteCode { get; set; } = "";
    public long CreatedAt { get; set; }
    public string UserName { get; set; } = "";
    public string? UserAvatar { get; set; }
    public long UserCreatedAt { get; set; }
    public long UserUpdatedAt { get; set; }
    public string InviterId { get; set; } = "";
    public bool Temporary { get; set; }

    /// <summary>
    /// The id the membership gets when this request is approved, known while it waits (the Messenger face shows the pending
    /// participant with it): a UUID (version 8) from the server, the user and the instant of the request, so asking again
    /// shows the same one, and a new request after an answer gets a new one.
    /// </summary>
    public string MemberId()
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"join-request\n{ServerId}\n{UserId}\n{CreatedAt}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>Columns for <see cref="JoinRequestRow"/>; the query names the request <c>r</c>, its user <c>u</c> and its invite <c>i</c>.</summary>
    public const string Columns = """
        r.server_id AS ServerId, r.user_id AS UserId, r.invite_code AS InviteCode, r.created_at AS CreatedAt,
        u.name AS UserName, u.avatar AS UserAvatar, u.created_at AS UserCreatedAt, u.updated_at AS UserUpdatedAt,
        i.inviter_id AS InviterId, i.temporary AS Temporary
        """;

    /// <summary>The tables of <see cref="Columns"/>: an invite code names one invite, deleted ones included.</summary>
    public const string From = """
        join_requests r
        JOIN users u ON u.id = r.user_id
        JOIN invites i ON i.code = r.invite_code
        """;

    public const string Exists = "SELECT EXISTS (SELECT 1 FROM join_requests WHERE server_id = @ServerId AND user_id = @UserId)";

    public const string ByUser = $"""
        SELECT {Columns}
        FROM {From}
        WHERE r.server_id = @ServerId
          AND r.user_id = @UserId
        """;
}
