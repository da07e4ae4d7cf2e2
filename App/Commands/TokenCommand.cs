using System.CommandLine;
using System.Globalization;
using InviteService.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace InviteService.App.Commands;

/// <summary>
/// <c>dotnet run -- token --sub alice [--name Alice] [--picture a.jpg] [--admin] [--hours 12] [--count N]</c>: prints a token
/// signed with the configured key, so the API can be tried with curl alone. With <c>--count N</c>, N tokens, one a line, for
/// users <c>{sub}-1</c> … <c>{sub}-N</c> (load tests that need a distinct user per request).
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    /// <summary>Room <c>--count</c> leaves at the end of a user id for its <c>-N</c> suffix.</summary>
    private const int SuffixRoom = 8;

    public static Command Create(ProgramCommands.Context context)
    {
        var sub = new Option<string>("--sub") { Description = $"The user id ({Caller.UserIdRule})", Required = true };
        var name = new Option<string?>("--name") { Description = "The display name (default: the user id)" };
        var picture = new Option<string?>("--picture") { Description = "An avatar file name or URL" };
        var admin = new Option<bool>("--admin") { Description = "A platform admin token (role: admin)" };
        var hours = new Option<double>("--hours") { Description = "Lifetime in hours", DefaultValueFactory = _ => 12 };
        var count = new Option<int>("--count") { Description = "N tokens for users {sub}-1 … {sub}-N, one a line" };
        sub.Validators.Add(r => { if (!Caller.IsUserId(r.GetValueOrDefault<string>())) r.AddError($"--sub must be {Caller.UserIdRule}."); });
        // Range checks on what parsed; a value that does not parse is already an error of its own.
        hours.Validators.Add(r =>
        {
            if (r.Tokens is [var t] && double.TryParse(t.Value, CultureInfo.InvariantCulture, out var h) && h is <= 0 or > 24 * 365)
                r.AddError("--hours must be between 0 and 8760.");
        });
        count.Validators.Add(r =>
        {
            if (r.Tokens is [var t] && int.TryParse(t.Value, CultureInfo.InvariantCulture, out var n) && n is < 0 or > 1_000_000)
                r.AddError("--count must be between 1 and 1000000.");
        });

        var command = new Command(Name, "Print a token signed with the configured key, to try the API with curl.") { sub, name, picture, admin, hours, count };
        command.SetAction(parsed =>
        {
            var (user, many) = (parsed.GetValue(sub)!, parsed.GetValue(count));
            if (many > 0 && user.Length > Caller.MaxIdLength - SuffixRoom)
            {
                return context.Fail(Name, "--sub must leave room for the -N suffix", exitCode: 2);
            }

            using var host = context.Host(parsed);
            if (!host.Services.GetRequiredService<IOptions<AuthOptions>>().Value.HasSigningKey)
            {
                return context.Fail(Name, "Auth:SigningKey is not set, and this command signs HS256 tokens with it; with Auth:Authority alone, tokens come from your identity provider.");
            }

            var issuer = host.Services.GetRequiredService<TokenIssuer>();
            var lifetime = TimeSpan.FromHours(parsed.GetValue(hours));
            var (display, avatar, isAdmin) = (parsed.GetValue(name), parsed.GetValue(picture), parsed.GetValue(admin));
            if (many == 0)
            {
                context.Output.WriteLine(issuer.Issue(user, display, avatar, isAdmin, lifetime));
                return 0;
            }

            for (var i = 1; i <= many; i++)
            {
                context.Output.WriteLine(issuer.Issue($"{user}-{i}", display is null ? null : $"{display} {i}", avatar, isAdmin, lifetime));
            }

            return 0;
        });
        return command;
    }
}
