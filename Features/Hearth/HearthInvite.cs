using System.Text.Json.Serialization;
using InviteService.Features.Invites;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>
/// The seed's invite object, as create answers it; <c>name</c>, <c>roles</c> and <c>allowed_user_ids</c> only on an invite
/// that has them, so an invite without options is exactly the seed's.
/// </summary>
public sealed record HearthInvite(
    string Code, string GuildId, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Roles { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? AllowedUserIds { get; init; }

    public static HearthInvite From(InviteRow i) =>
        new(i.Code, i.ServerId, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt))
        {
            Name = i.Name,
            Roles = i.RoleList is { Length: > 0 } roles ? roles : null,
            AllowedUserIds = i.Restricted ? i.AllowedUserIds : null,
        };
}
