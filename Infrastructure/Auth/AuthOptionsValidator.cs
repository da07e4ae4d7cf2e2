using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Auth;

/// <summary>
/// Refuses to start without someone to sign tokens (the host's identity provider or a usable shared key), with a message
/// that says which setting to fix; outside Development it also refuses the development key, which anyone can read in this
/// repository.
/// </summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public static readonly TimeSpan MinimumKeyRefreshInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumKeyRefreshInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failure = Failure(options);
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }

    private string? Failure(AuthOptions options)
    {
        if (!options.HasAuthority && !options.HasSigningKey)
        {
            return $"Auth:SigningKey must be set to at least {AuthOptions.MinimumKeyBytes} bytes, or Auth:Authority to your identity " +
                   "provider's issuer (e.g. environment variable Auth__SigningKey or Auth__Authority). Only Development settings ship a key.";
        }

        if (options.HasSigningKey && options.KeyBytes.Length < AuthOptions.MinimumKeyBytes)
        {
            return $"Auth:SigningKey must be set to at least {AuthOptions.MinimumKeyBytes} bytes (e.g. environment variable Auth__SigningKey), " +
                   "or left unset when Auth:Authority signs the tokens.";
        }

        if (options.SigningKey == AuthOptions.DevelopmentKey && !environment.IsDevelopment())
        {
            return $"Auth:SigningKey is the public development key, and the environment is {environment.EnvironmentName}. " +
                   "Set a secret key of your own (e.g. environment variable Auth__SigningKey).";
        }

        if (options.HasAuthority && AuthorityFailure(options) is { } authority) return authority;

        if (options.KeyRefreshInterval < MinimumKeyRefreshInterval || options.KeyRefreshInterval > MaximumKeyRefreshInterval)
        {
            return $"Auth:KeyRefreshInterval must be between {MinimumKeyRefreshInterval:c} and {MaximumKeyRefreshInterval:c}, not {options.KeyRefreshInterval:c}.";
        }

        foreach (var (key, value) in new[]
                 {
                     ("Auth:Claims:UserId", options.Claims.UserId), ("Auth:Claims:Name", options.Claims.Name),
                     ("Auth:Claims:Picture", options.Claims.Picture), ("Auth:AdminClaim", options.AdminClaim), ("Auth:AdminValue", options.AdminValue),
                 })
        {
            if (string.IsNullOrWhiteSpace(value)) return $"{key} must not be empty (leave it unset for its default).";
        }

        return null;
    }

    private static string? AuthorityFailure(AuthOptions options)
    {
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http") ||
            !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
        {
            return $"Auth:Authority must be your identity provider's issuer, an absolute https:// URL without query or fragment, not '{options.Authority}'.";
        }

        if (authority.Scheme == "http" && options.RequireHttpsMetadata)
        {
            return $"Auth:Authority is {options.Authority}, over plain http: use the provider's https:// issuer " +
                   "(Auth:RequireHttpsMetadata=false only for a provider on this machine, or in tests).";
        }

        return string.IsNullOrWhiteSpace(options.Audience)
            ? "Auth:Audience must be set when Auth:Authority is: the audience (aud) your identity provider puts in this service's tokens."
            : null;
    }
}
