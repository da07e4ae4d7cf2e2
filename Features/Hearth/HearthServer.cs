using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>The server object of the Hearth seed: the answer to a join.</summary>
public sealed record HearthServer(string Id, string Name, string? IconUrl, string OwnerId, string[] Features, string CreatedAt)
{
    public static HearthServer From(ServerRow s) => new(s.Id, s.Name, s.IconUrl, s.OwnerId, s.FeatureList, Time.Rfc3339(s.CreatedAt));
}
