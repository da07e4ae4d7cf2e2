using InviteService.Infrastructure;

namespace InviteService.Features.Servers;

/// <summary>A channel, in a server's answer and as POST /servers/{id}/channels answers it.</summary>
public sealed record ChannelResponse(string Id, string ServerId, string Name, string Type, string CreatedAt)
{
    public static ChannelResponse From(ChannelRow c) => new(c.Id, c.ServerId, c.Name, c.Type, Time.Rfc3339(c.CreatedAt));
}
