using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Invites;

/// <summary>
/// Where an invite stands, for the lists that ask (<c>?status=</c>): a deleted invite by why it stopped
/// (<c>deleted_reason</c>: deleted and revoked are both revoked), any other by the time and its uses. An invite both expired
/// and used up is used up, as housekeeping records it when it archives one.
/// </summary>
public enum InviteStatus
{
    Active,
    Expired,
    UsedUp,
    Revoked,
}

/// <summary>The statuses a list can be filtered by, <c>all</c> included; and the status rule, in C# and in SQL.</summary>
public static class InviteStatuses
{
    public const string All = "all";

    /// <summary>The wire names, filter values: active, expired, used_up, revoked, all.</summary>
    public static readonly NamedValues Names = new("InviteStatusFilter", ["active", "expired", "used_up", "revoked", All]);

    public static string Name(InviteStatus status) => status switch
    {
        InviteStatus.Active => "active",
        InviteStatus.Expired => "expired",
        InviteStatus.UsedUp => "used_up",
        _ => "revoked",
    };

    /// <summary>The status named <paramref name="name"/>; null for <c>all</c>.</summary>
    public static InviteStatus? Parse(string name) => name switch
    {
        "active" => InviteStatus.Active,
        "expired" => InviteStatus.Expired,
        "used_up" => InviteStatus.UsedUp,
        "revoked" => InviteStatus.Revoked,
        All => null,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a status."),
    };

    /// <summary>The rule in C#; <see cref="Where"/> states it in SQL, and both are the only statements of it.</summary>
    public static InviteStatus Of(InviteRow invite, long now) =>
        invite.DeletedAt is not null
            ? invite.DeletedReason switch
            {
                InviteDeleted.Expired => InviteStatus.Expired,
                InviteDeleted.UsedUp => InviteStatus.UsedUp,
                _ => InviteStatus.Revoked,
            }
            : invite.IsUsedUp ? InviteStatus.UsedUp
            : invite.IsExpired(now) ? InviteStatus.Expired
            : InviteStatus.Active;

    /// <summary>The invites <c>i</c> of <paramref name="status"/> at <c>@Now</c> (all of them for null), as a SQL condition.</summary>
    public static string Where(InviteStatus? status) => status switch
    {
        null => "1 = 1",
        InviteStatus.Active => InviteRow.UsableWhere,
        InviteStatus.Expired => $"""
            (i.deleted_reason = '{InviteDeleted.Expired}'
             OR (i.deleted_at IS NULL AND i.expires_at IS NOT NULL AND i.expires_at <= @Now AND NOT ({UsedUp})))
            """,
        InviteStatus.UsedUp => $"""
            (i.deleted_reason = '{InviteDeleted.UsedUp}'
             OR (i.deleted_at IS NULL AND {UsedUp}))
            """,
        _ => $"""
            (i.deleted_at IS NOT NULL
             AND (i.deleted_reason IS NULL OR i.deleted_reason NOT IN ('{InviteDeleted.Expired}', '{InviteDeleted.UsedUp}')))
            """,
    };

    private const string UsedUp = "i.max_uses > 0 AND i.uses >= i.max_uses";
}
