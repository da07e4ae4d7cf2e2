using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Invites;

public sealed class InviteOptions
{
    public const string Section = "Invites";

    /// <summary>No 0/O/1/l/I: codes survive being read aloud or retyped.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    [Range(6, 32)]
    public int CodeLength { get; set; } = 10;

    /// <summary>Cap on a new server's active invites; 0 means unlimited.</summary>
    [Range(0, 100_000)]
    public int DefaultMaxInvites { get; set; } = 1000;
}

public interface IInviteCodeGenerator
{
    string Next();
}

public sealed class RandomInviteCodeGenerator(IOptions<InviteOptions> options) : IInviteCodeGenerator
{
    public string Next() => RandomNumberGenerator.GetString(InviteOptions.Alphabet, options.Value.CodeLength);
}

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
    public string? InviterAvatar { get; set; }
    public long InviterCreatedAt { get; set; }
    public long InviterUpdatedAt { get; set; }

    public bool IsExpired(long now) => ExpiresAt is { } at && at <= now;
    public bool IsUsedUp => MaxUses > 0 && Uses >= MaxUses;
    public bool IsUsable(long now) => DeletedAt is null && !IsExpired(now) && !IsUsedUp;

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
        u.name AS InviterName, u.avatar AS InviterAvatar, u.created_at AS InviterCreatedAt, u.updated_at AS InviterUpdatedAt
        """;

    /// <summary>An invite that still admits someone: not deleted, not expired, not used up.</summary>
    public const string ActiveWhere = """
        i.deleted_at IS NULL
        AND (i.expires_at IS NULL OR i.expires_at > @Now)
        AND (i.max_uses = 0 OR i.uses < i.max_uses)
        """;
}
