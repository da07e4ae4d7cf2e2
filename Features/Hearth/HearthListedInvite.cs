using System.Text.Json.Serialization;
using InviteService.Features.Invites;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>
/// An element of GET /servers/{id}/invites: the seed's, with <c>name</c>, <c>roles</c> and <c>allowed_user_count</c> only on
/// an invite that has them, and <c>status</c> only when the list was asked for one. A restricted invite's users are counted
/// here rather than listed, so that no list grows with them.
/// </summary>
public sealed record HearthListedInvite(
    string Code, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Roles { get; init; }

    /// <summary>How many users a restricted invite admits.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? AllowedUserCount { get; init; }

    /// <summary>active, expired, used_up or revoked.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    public static HearthListedInvite From(InviteRow i) =>
        new(i.Code, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt))
        {
            Name = i.Name,
            Roles = i.RoleList is { Length: > 0 } roles ? roles : null,
            AllowedUserCount = i.Restricted ? i.AllowedUserCount : null,
            Status = i.Status is { } status ? InviteStatuses.Name(status) : null,
        };
}
