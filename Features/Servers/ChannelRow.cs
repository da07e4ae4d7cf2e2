namespace InviteService.Features.Servers;

public sealed class ChannelRow
{
    /// <summary>The kinds of channel.</summary>
    public static readonly string[] Types = ["text", "voice"];

    public string Id { get; set; } = "";
    public string ServerId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public long CreatedAt { get; set; }
}
