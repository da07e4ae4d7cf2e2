using System.Threading.RateLimiting;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// Every tracked client's window of one limit: a client is the signed-in user, else the client address
/// (<see cref="ClientAddress"/>), each tracked exactly, never sharing a window with another client.
/// </summary>
/// <remarks>
/// <para>Users and addresses are kept in two tables of their own, so a flood of addresses never evicts a user, nor the
/// reverse. Each holds at most <see cref="ThrottlingOptions.TrackedClients"/> clients; when one is full, the client seen
/// least recently makes room and is forgotten, which only ever gives that client a fresh window. So memory stays bounded
/// whatever the number of clients, no client is ever refused because of others, and a raid of fresh keys gains nothing
/// from evicting that the fresh keys do not already give it.</para>
/// <para>A client is seen on every request that reaches the limit, refused or not: one that keeps guessing stays the most
/// recently seen, and is forgotten only after as many other clients have come since its last request as the table holds.</para>
/// </remarks>
public sealed class ClientTable(int capacity, FixedWindowRateLimiterOptions window)
{
    private readonly LruTable<string, ClientWindow> _users = new(capacity, () => new ClientWindow(window));
    private readonly LruTable<UInt128, ClientWindow> _addresses = new(capacity, () => new ClientWindow(window));

    /// <summary>The window of the client making <paramref name="context"/>.</summary>
    public ClientWindow For(HttpContext context) =>
        context.User.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? _users.Get(sub)
            : _addresses.Get(ClientAddress.Key(context.Connection.RemoteIpAddress));

    /// <summary>Signed-in users tracked now.</summary>
    public int Users => _users.Count;

    /// <summary>Client addresses tracked now.</summary>
    public int Addresses => _addresses.Count;
}
