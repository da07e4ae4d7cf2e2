using System.Globalization;

namespace InviteService.Infrastructure;

/// <summary>Stored instants are Unix milliseconds; answers show them as RFC 3339 unless a face has a format of its own.</summary>
public static class Time
{
    public static long Now(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>RFC 3339 UTC to the second: 2026-02-14T12:00:00Z.</summary>
    public static string Rfc3339(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Rfc3339(long? unixMs) => unixMs is { } ms ? Rfc3339(ms) : null;
}
