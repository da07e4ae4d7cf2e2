using System.Net;
using System.Net.Sockets;

namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// Which addresses a webhook may reach while <see cref="WebhookOptions.BlockPrivateTargets"/> is on: global unicast only,
/// per IANA's IPv4 and IPv6 special-purpose address registries. An IPv4 address carried inside an IPv6 one (mapped,
/// compatible, translated, NAT64, 6to4) is judged as the IPv4 address it carries; Teredo (2001::/32, inside the IETF's
/// 2001::/23) and the local-use NAT64 prefix (64:ff9b:1::/48, outside 2000::/3) are never public.
/// </summary>
public static class PublicAddresses
{
    private static readonly IPNetwork[] NotGlobalV4 = Networks(
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
        "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");

    /// <summary>Within 2000::/3 (global unicast); everything outside it is refused first.</summary>
    private static readonly IPNetwork[] NotGlobalV6 = Networks(
        "2001::/23", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48", "3fff::/20", "5f00::/16");

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Translated = IPNetwork.Parse("::ffff:0:0:0/96");

    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return !NotGlobalV4.Any(n => n.Contains(address));
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (Carried(address) is { } v4) return IsPublic(v4);
        return GlobalUnicastV6.Contains(address) && !NotGlobalV6.Any(n => n.Contains(address));
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, compatible, translated, NAT64, 6to4), if any.</summary>
    public static IPAddress? Carried(IPAddress v6)
    {
        if (v6.IsIPv4MappedToIPv6) return v6.MapToIPv4();
        var bytes = v6.GetAddressBytes();
        if (Nat64.Contains(v6) || Compatible.Contains(v6) || Translated.Contains(v6)) return new IPAddress(bytes[12..16]);
        return SixToFour.Contains(v6) ? new IPAddress(bytes[2..6]) : null;
    }

    /// <summary>
    /// Connects only to public addresses, judged after DNS resolution (so a name cannot point back inside), for the webhooks'
    /// HTTP client; a refusal is a connection failure like any other.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var allowed = (await ResolveAsync(context.DnsEndPoint.Host, cancellationToken)).Where(IsPublic).ToArray();
        if (allowed.Length == 0) throw new HttpRequestException($"{context.DnsEndPoint.Host} is not a public address (Webhooks:BlockPrivateTargets)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A host's addresses: itself when it is a literal, else what DNS answers.</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>Whether <paramref name="url"/>'s host is an address literal that is not public (a name is judged when connecting).</summary>
    public static bool IsPrivateLiteral(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && !IsPublic(address);

    private static IPNetwork[] Networks(params string[] cidrs) => cidrs.Select(IPNetwork.Parse).ToArray();
}
