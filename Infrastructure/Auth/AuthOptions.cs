using System.Text;

namespace InviteService.Infrastructure.Auth;

/// <summary>
/// Who may sign tokens: the host's identity provider (<see cref="Authority"/>), a key shared with the host app
/// (<see cref="SigningKey"/>), or both, in which case a token valid under either is accepted.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinimumKeyBytes = 32;

    /// <summary>The key appsettings.Development.json ships, public in this repository: refused in every other environment.</summary>
    public const string DevelopmentKey = "development-only-signing-key-do-not-use-in-production";

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Required unless <see cref="Authority"/> is set; Development settings ship one.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Validated on HS256 tokens when set (tokens from the authority carry its issuer).</summary>
    public string? Issuer { get; set; }

    /// <summary>Validated on every token when set; required when <see cref="Authority"/> is set.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The OpenID Connect issuer of the host's identity provider (e.g. <c>https://id.example.com/realms/community</c>): its
    /// discovery document names the JWKS whose keys sign RS256, PS256 and ES256 tokens.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Whether the discovery document and the JWKS must come over https. Only a provider on loopback or in tests needs false.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>A token with a key id the service does not know fetches the provider's keys again, at most once per this interval.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Which claims of the provider's tokens say who the caller is.</summary>
    public ClaimNames Claims { get; set; } = new();

    /// <summary>The claim that makes a provider's token the platform admin's, when it holds <see cref="AdminValue"/>.</summary>
    public string AdminClaim { get; set; } = "role";

    /// <summary>The value <see cref="AdminClaim"/> must hold: the whole claim, one of its space-separated words, or an element of a JSON array.</summary>
    public string AdminValue { get; set; } = "admin";

    public bool HasSigningKey => !string.IsNullOrEmpty(SigningKey);

    public bool HasAuthority => !string.IsNullOrEmpty(Authority);

    public byte[] KeyBytes => Encoding.UTF8.GetBytes(SigningKey ?? "");

    public sealed class ClaimNames
    {
        /// <summary>The user id: 1-64 characters, no control character (<see cref="Caller.IsUserId"/>).</summary>
        public string UserId { get; set; } = "sub";

        /// <summary>The display name: one claim or several separated by spaces, the first that holds a visible name wins.</summary>
        public string Name { get; set; } = "name preferred_username";

        public string Picture { get; set; } = "picture";

        public string[] NameClaims => Name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
