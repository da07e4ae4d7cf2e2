namespace InviteService.Features.LandingPage;

/// <summary>An oEmbed "link" response.</summary>
public sealed record OEmbedLink(
    string Version, string Type, string Title, string ProviderName, string ProviderUrl, string? AuthorName, int CacheAge,
    string? ThumbnailUrl, int? ThumbnailWidth, int? ThumbnailHeight, string Description);
