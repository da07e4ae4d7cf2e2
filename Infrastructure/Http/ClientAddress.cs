using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// The key a client address is tracked by: an IPv4 address whole (an IPv4-mapped IPv6 address as the IPv4 address it
/// carries), an IPv6 address by its /64, the smallest network a subscriber is handed, so the 2^64 addresses of one
/// network are one client.
/// </summary>
/// <remarks>
/// Keys are 128-bit numbers and never collide across the three kinds: an IPv4 address is its IPv4-mapped form
/// (<c>::ffff:a.b.c.d</c>: upper half zero, lower half not), a /64 has a lower half of zero, and "no address" (an in-process
/// host without a peer) is all ones.
/// </remarks>
public static class ClientAddress
{
    /// <summary>The key of a connection without a peer address.</summary>
    public static readonly UInt128 Unknown = UInt128.MaxValue;

    public static UInt128 Key(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out _)) return Unknown;
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new UInt128(0, 0xFFFF_0000_0000UL | BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : new UInt128(BinaryPrimitives.ReadUInt64BigEndian(bytes), 0);
    }
}
