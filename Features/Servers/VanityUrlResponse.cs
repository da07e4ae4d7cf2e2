using InviteService.Features.SharedKernel;

namespace InviteService.Features.Servers;

/// <summary>GET /servers/{id}/vanity-url: the code, and how many joined through it.</summary>
public sealed record VanityUrlResponse(string? Code, long Uses)
{
    public static VanityUrlResponse From(ServerRow s) => new(s.VanityCode, s.VanityCode is null ? 0 : s.VanityUses);
}
