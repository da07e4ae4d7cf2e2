using System.Text;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinimumKeyBytes = 32;

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Required in every environment; Development settings ship one.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Validated when set.</summary>
    public string? Issuer { get; set; }

    /// <summary>Validated when set.</summary>
    public string? Audience { get; set; }

    public byte[] KeyBytes => Encoding.UTF8.GetBytes(SigningKey ?? "");
}

/// <summary>Refuses to start without a usable signing key, with a message that says which setting to fix.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.KeyBytes.Length >= AuthOptions.MinimumKeyBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Auth:SigningKey must be set to at least {AuthOptions.MinimumKeyBytes} bytes " +
                "(e.g. environment variable Auth__SigningKey). Only Development settings ship a key.");
}
