using InviteService.Features.SharedKernel;

namespace InviteService.Features.Servers;

/// <summary>A server's raid brake as PATCH set it; the server shows <c>null</c> when it is off.</summary>
public sealed record RaidProtectionResponse(long MaxJoins, long PerSeconds, long PauseMinutes)
{
    public static RaidProtectionResponse? From(ServerRow s) =>
        s is { RaidMaxJoins: { } joins, RaidPerSeconds: { } seconds, RaidPauseMinutes: { } minutes } ? new(joins, seconds, minutes) : null;
}
