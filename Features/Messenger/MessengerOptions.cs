using System.ComponentModel.DataAnnotations;

namespace InviteService.Features.Messenger;

public sealed class MessengerOptions
{
    public const string Section = "Messenger";

    /// <summary>The setting before the invite page shared one base URL for every link: still read when Invites:PublicBaseUrl is unset.</summary>
    public const string LegacyPublicBaseUrlKey = Section + ":PublicBaseUrl";

    /// <summary>
    /// Base of the invite <c>route</c> links, <c>{PublicBaseUrl}/messenger/join/{code}</c>: always <c>Invites:PublicBaseUrl</c>,
    /// one setting for every link the service hands out (set by <see cref="MessengerSetup"/>, not read from this section).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    [Required]
    public string OwnerType { get; set; } = @"App\Models\User";

    /// <summary>The web route of this face's links; the invite page answers there too.</summary>
    public const string JoinPagePrefix = "/messenger/join/";

    public string JoinRoute(string code) => $"{PublicBaseUrl.TrimEnd('/')}{JoinPagePrefix}{code}";
}
