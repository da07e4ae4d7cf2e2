using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Auth;

/// <summary>
/// <c>dotnet run -- token --sub alice [--name Alice] [--picture a.jpg] [--admin] [--hours 12] [--count N]</c>: prints a token
/// signed with the configured key, so the API can be tried with curl alone. With <c>--count N</c>, N tokens, one a line, for
/// users <c>{sub}-1</c> … <c>{sub}-N</c> (load tests that need a distinct user per request).
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        string? sub = null, name = null, picture = null;
        var admin = false;
        var hours = 12.0;
        var count = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--sub": sub = Value(); break;
                    case "--name": name = Value(); break;
                    case "--picture": picture = Value(); break;
                    case "--admin": admin = true; break;
                    case "--count":
                        count = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "--hours":
                        hours = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                return Usage(error, ex.Message);
            }
        }

        if (string.IsNullOrEmpty(sub) || sub.Length > Caller.MaxIdLength) return Usage(error, "--sub must be 1-64 characters");
        if (hours is <= 0 or > 24 * 365) return Usage(error, "--hours must be between 0 and 8760");
        if (count is < 0 or > 1_000_000) return Usage(error, "--count must be between 1 and 1000000");
        if (count > 0 && sub.Length > Caller.MaxIdLength - 8) return Usage(error, "--sub must leave room for the -N suffix");

        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var check = new AuthOptionsValidator().Validate(null, auth);
        if (check.Failed)
        {
            error.WriteLine(check.FailureMessage);
            return 1;
        }

        var issuer = new TokenIssuer(Options.Create(auth), TimeProvider.System);
        if (count == 0)
        {
            output.WriteLine(issuer.Issue(sub, name, picture, admin, TimeSpan.FromHours(hours)));
            return 0;
        }

        for (var i = 1; i <= count; i++)
        {
            output.WriteLine(issuer.Issue($"{sub}-{i}", name is null ? null : $"{name} {i}", picture, admin, TimeSpan.FromHours(hours)));
        }

        return 0;
    }

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"token: {problem}");
        error.WriteLine("usage: dotnet run -- token --sub <user id> [--name <display name>] [--picture <avatar>] [--admin] [--hours <lifetime>] [--count <n>]");
        return 2;
    }
}
