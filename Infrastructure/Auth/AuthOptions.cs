using System.Text;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Refuses to start without a usable signing key, with a message that says which setting to fix; outside Development it
/// also refuses the development key, which anyone can read in this repository.
/// </summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.KeyBytes.Length < AuthOptions.MinimumKeyBytes)
        {
            return ValidateOptionsResult.Fail(
                $"Auth:SigningKey must be set to at least {AuthOptions.MinimumKeyBytes} bytes " +
                "(e.g. environment variable Auth__SigningKey). Only Development settings ship a key.");
        }

        return options.SigningKey == AuthOptions.DevelopmentKey && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"Auth:SigningKey is the public development key, and the environment is {environment.EnvironmentName}. " +
                "Set a secret key of your own (e.g. environment variable Auth__SigningKey).")
            : ValidateOptionsResult.Success;
    }
}
