using System.Net;
using System.Security.Claims;
using InviteService.Infrastructure.Http;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace InviteService.Tests.Infrastructure;

/// <summary>Who a client is to the rate limits, and how many of them are kept.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class ClientTableTests
{
    private static readonly System.Threading.RateLimiting.FixedWindowRateLimiterOptions Window = Throttling.Window(1, TimeSpan.FromHours(1));

    private static HttpContext Address(string address) => new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };

    private static HttpContext User(string sub, string address = "192.0.2.1")
    {
        var context = Address(address);
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", sub)], "test"));
        return context;
    }

    private static bool Spends(ClientTable table, HttpContext client) => table.For(client).Acquire(1, 1).IsAcquired;

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:1234:5678:9abc:def0")]
    [InlineData("203.0.113.5", "::ffff:203.0.113.5")]
    [InlineData("fe80::1%2", "fe80::2%3")]
    public void Addresses_in_one_IPv6_64_or_one_IPv4_address_in_either_form_are_one_client(string a, string b) =>
        ClientAddress.Key(IPAddress.Parse(a)).ShouldBe(ClientAddress.Key(IPAddress.Parse(b)));

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("203.0.113.5", "203.0.113.6")]
    [InlineData("0.0.0.0", "::")] // an IPv4 key is the mapped form, never a /64
    [InlineData("0.0.0.1", "::1")]
    [InlineData("::ffff:0:0", "::")]
    public void Different_64s_and_different_IPv4_addresses_are_different_clients(string a, string b) =>
        ClientAddress.Key(IPAddress.Parse(a)).ShouldNotBe(ClientAddress.Key(IPAddress.Parse(b)));

    [Fact]
    public void No_address_is_a_client_of_its_own() =>
        ClientAddress.Key(null).ShouldNotBeOneOf(ClientAddress.Key(IPAddress.Any), ClientAddress.Key(IPAddress.IPv6Any), ClientAddress.Key(IPAddress.Parse("ffff:ffff:ffff:ffff::")));

    [Fact]
    public void A_flood_of_addresses_never_evicts_a_signed_in_user_nor_the_reverse()
    {
        var table = new ClientTable(2, Window);
        Spends(table, User("alice")).ShouldBeTrue();
        Spends(table, Address("203.0.113.9")).ShouldBeTrue();

        for (var i = 0; i < 1000; i++) Spends(table, Address($"198.51.{i / 250}.{i % 250}")).ShouldBeTrue();
        Spends(table, User("alice")).ShouldBeFalse(); // still tracked: her window is spent
        for (var i = 0; i < 1000; i++) Spends(table, User($"raider{i}")).ShouldBeTrue();
        Spends(table, Address("198.51.3.249")).ShouldBeFalse(); // the last address of the flood, still tracked

        table.Users.ShouldBe(2);
        table.Addresses.ShouldBe(2);
    }

    [Fact]
    public void A_user_and_an_address_never_share_a_window_whatever_the_user_is_called()
    {
        var table = new ClientTable(16, Window);
        Spends(table, User("203.0.113.7", address: "203.0.113.7")).ShouldBeTrue();
        Spends(table, Address("203.0.113.7")).ShouldBeTrue();
        Spends(table, User("ip:203.0.113.7")).ShouldBeTrue();
    }

    [Fact]
    public void The_table_keeps_its_capacity_and_forgets_the_least_recently_seen()
    {
        var table = new LruTable<int, object>(3, () => new object());
        var first = table.Get(1);
        var second = table.Get(2);
        table.Get(3);
        table.Get(1).ShouldBeSameAs(first); // seen again: now the most recent

        table.Get(4); // full: 2 makes room
        table.Count.ShouldBe(3);
        table.Get(1).ShouldBeSameAs(first);
        table.Get(2).ShouldNotBeSameAs(second);
    }

    [Fact]
    public void A_large_table_in_shards_never_holds_more_than_its_capacity()
    {
        var table = new LruTable<int, object>(20_000, () => new object());
        for (var i = 0; i < 200_000; i++) table.Get(i);

        table.Count.ShouldBeLessThanOrEqualTo(20_000);
        table.Count.ShouldBeGreaterThan(19_000); // each shard fills to its part
    }
}
