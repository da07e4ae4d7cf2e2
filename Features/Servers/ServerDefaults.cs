using System.ComponentModel.DataAnnotations;

using InviteService.Features.SharedKernel;

namespace InviteService.Features.Servers;

/// <summary>What a new server starts with. Read from the <c>Invites</c> section, where self-hosters already set it.</summary>
public sealed class ServerDefaults
{
    public const string Section = "Invites";

    /// <summary>Cap on a new server's active invites; 0 means unlimited.</summary>
    [Range(0, 100_000)]
    public int DefaultMaxInvites { get; set; } = 1000;
}
