using System.Security.Cryptography;
using System.Text;

namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com): <c>v1,</c> + base64 of HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>,
/// keyed by the base64-decoded secret after its <c>whsec_</c> prefix. Several signatures are separated by a space.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>The header value: one signature per secret in use (two during a rotation's overlap).</summary>
    public static string Header(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, id, timestamp, body)));
}
