using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Auth;

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
