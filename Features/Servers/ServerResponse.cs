using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;

namespace InviteService.Features.Servers;

/// <summary>GET, POST and PATCH /servers: the seed's server object plus the settings that govern invites (the invite policy among them), and its channels.</summary>
public sealed record ServerResponse(
    string Id, string Name, string? IconUrl, string OwnerId, string[] Features, string CreatedAt,
    long? MaxInvites, bool InvitesEnabled, string? InvitesPausedUntil, string[] DefaultPermissions, string? VanityUrlCode, long MemberCount,
    ChannelResponse[] Channels,
    InvitePolicyResponse InvitePolicy)
{
    public static ServerResponse From(ServerDetails d)
    {
        var s = d.Server;
        return new(s.Id, s.Name, s.IconUrl, s.OwnerId, s.FeatureList, Time.Rfc3339(s.CreatedAt),
            s.MaxInvites, s.InvitesEnabled, Time.Rfc3339(s.InvitesPausedUntil), Permissions.ToNames(s.DefaultPermissions), s.VanityCode, d.MemberCount,
            d.Channels.Select(ChannelResponse.From).ToArray(),
            InvitePolicyResponse.From(d.InvitePolicy));
    }
}
