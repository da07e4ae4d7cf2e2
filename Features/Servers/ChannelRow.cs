using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Servers;

public sealed class ChannelRow
{
    /// <summary>The kinds of channel.</summary>
    public static readonly NamedValues Types = new("ChannelType", ["text", "voice"]);

    public string Id { get; set; } = "";
    public string ServerId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public long CreatedAt { get; set; }
}
