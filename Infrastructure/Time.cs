using System.Globalization;

namespace InviteService.Infrastructure;

/// <summary>Stored instants are Unix milliseconds; each face formats them its own way.</summary>
public static class Time
{
    public static long Now(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>RFC 3339 UTC to the second, as in the Hearth seed: 2026-02-14T12:00:00Z.</summary>
    public static string Rfc3339(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Rfc3339(long? unixMs) => unixMs is { } ms ? Rfc3339(ms) : null;

    /// <summary>Six fractional digits, as in the Messenger seed: 2020-12-08T05:53:41.000000Z.</summary>
    public static string Micro(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Micro(long? unixMs) => unixMs is { } ms ? Micro(ms) : null;
}
