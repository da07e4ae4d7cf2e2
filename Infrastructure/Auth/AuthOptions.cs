using System.Text;

namespace InviteService.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinimumKeyBytes = 32;

    /// <summary>The key appsettings.Development.json ships, public in this repository: refused in every other environment.</summary>
    public const string DevelopmentKey = "development-only-signing-key-do-not-use-in-production";

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Required in every environment; Development settings ship one.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Validated when set.</summary>
    public string? Issuer { get; set; }

    /// <summary>Validated when set.</summary>
    public string? Audience { get; set; }

    public byte[] KeyBytes => Encoding.UTF8.GetBytes(SigningKey ?? "");
}
