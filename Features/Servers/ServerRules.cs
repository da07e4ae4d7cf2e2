namespace InviteService.Features.Servers;

/// <summary>Limits on what a server may be given.</summary>
public static class ServerRules
{
    public const int MaxNameLength = 100;

    /// <summary>The highest cap on active invites a server may set (0 means unlimited).</summary>
    public const int MaxInvitesLimit = 100_000;
}
