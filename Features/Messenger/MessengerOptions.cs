using System.ComponentModel.DataAnnotations;

namespace InviteService.Features.Messenger;

public sealed class MessengerOptions
{
    public const string Section = "Messenger";

    /// <summary>
    /// Base of the invite <c>route</c> links, <c>{PublicBaseUrl}/messenger/join/{code}</c>: always <c>Invites:PublicBaseUrl</c>,
    /// one setting for every link the service hands out (set in <c>ServiceSetup</c>, not read from this section).
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    [Required]
    public string OwnerType { get; set; } = @"App\Models\User";

    public string JoinRoute(string code) => $"{PublicBaseUrl.TrimEnd('/')}/messenger/join/{code}";
}
