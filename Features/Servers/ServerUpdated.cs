using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Servers;

/// <summary><c>server.updated</c>: a server's settings changed; its settings as they now are, the invite policy included.</summary>
public sealed record ServerUpdated(
    string ServerId, string Name, string? IconUrl, bool InvitesEnabled, string? InvitesPausedUntil, string? VanityCode, string[] Features,
    InvitePolicyResponse InvitePolicy) : IWebhookEvent
{
    public static string Type => "server.updated";
}
