using System.Globalization;

namespace InviteService.Features.Messenger;

/// <summary>The Messenger seed's timestamps: six fractional digits, 2020-12-08T05:53:41.000000Z.</summary>
public static class MessengerTime
{
    public static string Micro(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Micro(long? unixMs) => unixMs is { } ms ? Micro(ms) : null;
}
