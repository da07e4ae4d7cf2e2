using System.Globalization;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.LandingPage;

/// <summary>Everything the invite page shows, in the words it shows it; null parts are left out of the page.</summary>
public sealed record InvitePageModel(
    string Title,
    string Heading,
    string Description,
    string CanonicalUrl,
    string OEmbedUrl,
    string? ServerName = null,
    string? ServerInitials = null,
    string? IconUrl = null,
    string? OgImage = null,
    string? MemberCount = null,
    string? ChannelName = null,
    string? InviterName = null,
    string? InviterAvatarUrl = null,
    string? InviterInitials = null,
    string? ExpiresIn = null,
    string? ExpiresAtIso = null,
    string? ExpiresAtText = null,
    string? UsesLeft = null,
    string? AcceptUrl = null,
    string? ApiJoin = null)
{
    public bool Found => ServerName is not null;

    public static InvitePageModel For(ResolvedCode preview, string code, DateTimeOffset now, InviteOptions links, LandingPageOptions page)
    {
        var (invite, server) = (preview.Invite, preview.Server);
        var members = server.MemberCount.ToString("N0", CultureInfo.InvariantCulture);
        var description = $"Join {server.Name}: {members} member{(server.MemberCount == 1 ? "" : "s")}";
        var expires = invite.ExpiresAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : (DateTimeOffset?)null;
        var icon = page.RemoteImages && IsWebUrl(server.IconUrl) ? server.IconUrl : null;
        return new InvitePageModel(
            Title: $"Invitation to {server.Name}",
            Heading: server.Name,
            Description: description,
            CanonicalUrl: links.PageFor(code),
            OEmbedUrl: links.Link($"/oembed?url={Uri.EscapeDataString(links.PageFor(code))}&format=json"),
            ServerName: server.Name,
            ServerInitials: Initials(server.Name),
            IconUrl: icon,
            OgImage: icon is not null && icon.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? icon : null,
            MemberCount: $"{members} member{(server.MemberCount == 1 ? "" : "s")}",
            ChannelName: preview.Channel.Name,
            InviterName: preview.IsVanity ? null : invite.InviterName,
            InviterAvatarUrl: page.RemoteImages && !preview.IsVanity && IsWebUrl(invite.InviterAvatar) ? invite.InviterAvatar : null,
            InviterInitials: preview.IsVanity ? null : Initials(invite.InviterName),
            ExpiresIn: expires is { } e ? "expires " + Relative(e - now) : null,
            ExpiresAtIso: expires?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ExpiresAtText: expires?.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture),
            UsesLeft: invite.MaxUses > 0 ? $"{invite.MaxUses - invite.Uses} of {invite.MaxUses} uses left" : null,
            AcceptUrl: page.AcceptUrl(code),
            ApiJoin: page.AcceptUrl(code) is null ? $"POST {links.Link("/invites/" + Uri.EscapeDataString(code))}" : null);
    }

    /// <summary>The page for a code that does not admit anyone: the same whatever the reason, so it tells nothing the JSON preview would not.</summary>
    public static InvitePageModel NotFound(string code, InviteOptions links) => new(
        Title: "Invite not found",
        Heading: "This invite is invalid or has expired",
        Description: "Ask whoever sent it for a new one.",
        CanonicalUrl: links.Link("/invite/" + Uri.EscapeDataString(code)),
        OEmbedUrl: "");

    public static InvitePageModel TooManyRequests(int retryAfterSeconds) => new(
        Title: "Slow down",
        Heading: "Too many attempts",
        Description: $"Try again in {retryAfterSeconds} second{(retryAfterSeconds == 1 ? "" : "s")}.",
        CanonicalUrl: "",
        OEmbedUrl: "");

    private static bool IsWebUrl(string? url) => url is not null && TextRules.IsHttpUrl(url);

    /// <summary>Up to two letters from the first words of a name: "Cool Server" is "CS".</summary>
    public static string Initials(string name)
    {
        var letters = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.FirstOrDefault(char.IsLetterOrDigit)).Where(c => c != default).Take(2).ToArray();
        return letters.Length == 0 ? "?" : new string(letters).ToUpperInvariant();
    }

    /// <summary>"in 6 hours", "in 3 days", "in less than a minute".</summary>
    public static string Relative(TimeSpan span)
    {
        static string Count(double n, string unit) => (int)Math.Round(n) is var whole ? $"in {whole} {unit}{(whole == 1 ? "" : "s")}" : "";
        return span.TotalMinutes < 1 ? "in less than a minute"
            : span.TotalHours < 1 ? Count(span.TotalMinutes, "minute")
            : span.TotalDays < 1 ? Count(span.TotalHours, "hour")
            : Count(span.TotalDays, "day");
    }
}
