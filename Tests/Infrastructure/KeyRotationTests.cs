using System.Net;
using InviteService.Infrastructure.Auth;
using InviteService.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using static InviteService.Tests.Infrastructure.IdentityProviderTests;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// The identity provider rotates its keys while the service runs: each test has a provider of its own, changes the keys it
/// publishes, and moves the service's clock across <c>Auth:KeyRefreshInterval</c>. What the service fetched is counted by the
/// provider itself, so every step is a fact, never a wait.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class KeyRotationTests
{
    private static string KeyId(string token) => new JsonWebToken(token).Kid;

    [NeedsOidcProviderFact]
    public async Task A_key_the_provider_adds_is_accepted_without_a_restart_and_one_it_drops_is_refused_after_the_next_fetch()
    {
        await using var provider = await OidcProvider.StartAsync(["rs-1:RS256"]);
        await using var app = provider.Service();
        var first = await provider.TokenAsync();
        (await CreateServerStatus(app, first)).ShouldBe(HttpStatusCode.Created);
        (await provider.FetchesAsync()).Jwks.ShouldBe(1);

        // The provider adds rs-2 and signs with it from now on; rs-1 stays published.
        await provider.UseKeysAsync("rs-2:RS256", "rs-1:RS256");
        var second = await provider.TokenAsync();
        KeyId(second).ShouldBe("rs-2");

        // Within the refresh interval of the last fetch, a key id the service does not know fetches nothing: refused.
        app.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        (await CreateServerStatus(app, second)).ShouldBe(HttpStatusCode.Unauthorized);
        (await provider.FetchesAsync()).Jwks.ShouldBe(1);

        // Once the interval (5 minutes by default) has passed, the first tokens that name it make one fetch between them, and pass.
        app.Time.Advance(TimeSpan.FromSeconds(1));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CreateServerStatus(app, second)));
        statuses.ShouldAllBe(s => s == HttpStatusCode.Created);
        (await provider.FetchesAsync()).Jwks.ShouldBe(2);
        (await CreateServerStatus(app, first)).ShouldBe(HttpStatusCode.Created);

        // The provider drops both and signs with rs-3. The keys the service holds stand until its next fetch ...
        await provider.UseKeysAsync("rs-3:RS256");
        var third = await provider.TokenAsync();
        (await CreateServerStatus(app, first)).ShouldBe(HttpStatusCode.Created);

        // ... which the first token naming rs-3 after the interval makes: from then on rs-1 and rs-2 are refused.
        app.Time.Advance(TimeSpan.FromMinutes(5));
        (await CreateServerStatus(app, third)).ShouldBe(HttpStatusCode.Created);
        (await CreateServerStatus(app, first)).ShouldBe(HttpStatusCode.Unauthorized);
        (await CreateServerStatus(app, second)).ShouldBe(HttpStatusCode.Unauthorized);
        (await provider.FetchesAsync()).Jwks.ShouldBe(3);
    }

    [NeedsOidcProviderFact]
    public async Task The_refresh_interval_is_a_setting()
    {
        await using var provider = await OidcProvider.StartAsync(["ec-1:ES256"]);
        await using var app = provider.Service().With("Auth:KeyRefreshInterval", "00:01:00");
        (await CreateServerStatus(app, await provider.TokenAsync("ES256"))).ShouldBe(HttpStatusCode.Created);

        await provider.UseKeysAsync("ec-2:ES256");
        var rotated = await provider.TokenAsync("ES256");
        app.Time.Advance(TimeSpan.FromSeconds(59));
        (await CreateServerStatus(app, rotated)).ShouldBe(HttpStatusCode.Unauthorized);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        (await CreateServerStatus(app, rotated)).ShouldBe(HttpStatusCode.Created);
        (await provider.FetchesAsync()).Jwks.ShouldBe(2);
    }

    /// <summary>No token needs to name a new key for a dropped one to go: keys older than an hour are fetched again.</summary>
    [NeedsOidcProviderFact]
    public async Task Keys_older_than_an_hour_are_fetched_again_so_a_dropped_key_does_not_linger()
    {
        await using var provider = await OidcProvider.StartAsync(["rs-1:RS256"]);
        await using var app = provider.Service();
        var token = await provider.TokenAsync(lifetime: TimeSpan.FromHours(3));
        (await CreateServerStatus(app, token)).ShouldBe(HttpStatusCode.Created);

        await provider.UseKeysAsync("rs-2:RS256");
        app.Time.Advance(ProviderKeys.MaxAge - TimeSpan.FromSeconds(1));
        (await CreateServerStatus(app, token)).ShouldBe(HttpStatusCode.Created);
        (await provider.FetchesAsync()).Jwks.ShouldBe(1);

        app.Time.Advance(TimeSpan.FromSeconds(1));
        (await CreateServerStatus(app, token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await provider.FetchesAsync()).Jwks.ShouldBe(2);
    }
}
