using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using InviteService.Infrastructure.Auth;
using InviteService.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// Tokens from the host's identity provider (<c>Auth:Authority</c>), issued by a real OpenID provider (oidc-provider, through
/// the client_credentials grant) and checked by the service through HTTP. The provider's keys stay as they are here; rotations
/// are <see cref="KeyRotationTests"/>.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class IdentityProviderTests(SharedOidcProvider shared) : IClassFixture<SharedOidcProvider>
{
    internal static async Task<HttpResponseMessage> Send(InviteApp app, HttpMethod method, string url, string token, object? body = null)
    {
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("unauthorized");
        }

        return response;
    }

    internal static Task<HttpResponseMessage> CreateServer(InviteApp app, string token) =>
        Send(app, HttpMethod.Post, "/servers", token, new { name = "idp" });

    internal static async Task<HttpStatusCode> CreateServerStatus(InviteApp app, string token) => (await CreateServer(app, token)).StatusCode;

    private static async Task<string> OwnerOfNewServer(InviteApp app, string token)
    {
        var response = await CreateServer(app, token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["owner_id"]!.GetValue<string>();
    }

    /// <summary>An HS256 token as the host app's back end mints one, for <c>sub</c> <paramref name="sub"/>.</summary>
    private static string Hs256(InviteApp app, string sub, byte[] secret, string? keyId = null)
    {
        var now = app.Time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", sub)]),
            Audience = OidcProvider.Audience,
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = keyId }, SecurityAlgorithms.HmacSha256),
        });
    }

    [NeedsOidcProviderFact]
    public async Task Client_credentials_tokens_signed_RS256_PS256_and_ES256_are_accepted_and_their_sub_owns_the_server()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service();

        foreach (var algorithm in new[] { "RS256", "PS256", "ES256" })
        {
            var token = await provider.TokenAsync(algorithm);
            new JsonWebToken(token).Alg.ShouldBe(algorithm);

            (await OwnerOfNewServer(app, token)).ShouldBe(OidcProvider.ClientId, algorithm);
        }

        // Without a name claim the user is named by their id, as with the shared key's tokens.
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'host-app' AND name = 'host-app'").ShouldBe(1);
        app.Scalar("SELECT COUNT(*) FROM servers WHERE owner_id = 'host-app'").ShouldBe(3);
    }

    [NeedsOidcProviderFact]
    public async Task A_token_for_another_audience_is_401()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service();

        (await CreateServerStatus(app, await provider.TokenAsync(audience: OidcProvider.Audience))).ShouldBe(HttpStatusCode.Created);
        (await CreateServerStatus(app, await provider.TokenAsync(audience: "https://other-app.example/api"))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [NeedsOidcProviderFact]
    public async Task An_expired_token_is_401_by_the_services_clock()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service();
        var token = await provider.TokenAsync(lifetime: TimeSpan.FromMinutes(1));

        (await CreateServerStatus(app, token)).ShouldBe(HttpStatusCode.Created);
        using (app.Time.Shift(TimeSpan.FromMinutes(1) + JwtSetup.ClockSkew + TimeSpan.FromSeconds(1)))
        {
            (await CreateServerStatus(app, token)).ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    /// <summary>
    /// With no shared key, HS256 is no algorithm of the service's: a token signed with the key the tests use elsewhere is
    /// refused, and so is the classic confusion, an HS256 token naming the provider's RSA key with its public modulus as the
    /// HMAC secret.
    /// </summary>
    [NeedsOidcProviderFact]
    public async Task An_HS256_token_is_401_when_no_shared_key_is_configured()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service();
        var before = app.Fingerprint();

        (await CreateServerStatus(app, Hs256(app, "hs-user", Encoding.UTF8.GetBytes(InviteApp.SigningKey)))).ShouldBe(HttpStatusCode.Unauthorized);

        using var client = new HttpClient();
        var jwks = new JsonWebKeySet(await client.GetStringAsync(provider.Issuer + "/jwks"));
        var rsa = jwks.Keys.Single(k => k.Kid == "rs-1");
        (await CreateServerStatus(app, Hs256(app, "hs-user", Base64UrlEncoder.DecodeBytes(rsa.N), keyId: "rs-1"))).ShouldBe(HttpStatusCode.Unauthorized);

        app.Fingerprint().ShouldBe(before);
        (await CreateServerStatus(app, await provider.TokenAsync())).ShouldBe(HttpStatusCode.Created);
    }

    [NeedsOidcProviderFact]
    public async Task With_a_shared_key_too_a_token_valid_under_either_is_accepted()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service().With("Auth:SigningKey", InviteApp.SigningKey);

        (await OwnerOfNewServer(app, await provider.TokenAsync("ES256"))).ShouldBe(OidcProvider.ClientId);
        (await OwnerOfNewServer(app, app.Token("shared-user"))).ShouldBe("shared-user");
        (await CreateServerStatus(app, Hs256(app, "forger", Encoding.UTF8.GetBytes("another-signing-key-that-is-also-long-enough-42"))))
            .ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>A second provider on the same key material (same key ids, same keys) under another issuer: its tokens verify, and are refused.</summary>
    [NeedsOidcProviderFact]
    public async Task A_token_signed_with_the_providers_key_by_another_issuer_is_401()
    {
        var provider = await shared.GetAsync();
        await using var impostor = await OidcProvider.StartAsync(SharedOidcProvider.Keys, provider.KeyDirectory);
        await using var app = provider.Service();

        var forged = await impostor.TokenAsync();
        new JsonWebToken(forged).Kid.ShouldBe("rs-1");
        (await CreateServerStatus(app, forged)).ShouldBe(HttpStatusCode.Unauthorized);
        (await CreateServerStatus(app, await provider.TokenAsync())).ShouldBe(HttpStatusCode.Created);
    }

    [NeedsOidcProviderFact]
    public async Task The_claim_settings_choose_the_user_id_name_picture_and_admin_claims()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service()
            .With("Auth:Claims:UserId", "oid")
            .With("Auth:Claims:Name", "nickname")
            .With("Auth:Claims:Picture", "avatar_url")
            .With("Auth:AdminClaim", "scope")
            .With("Auth:AdminValue", "invites:admin");

        var admin = await provider.TokenAsync(scope: "invites invites:admin", claims: new
        {
            oid = "user-42",
            nickname = "  Nick\u200B ",
            avatar_url = "https://cdn.example/nick.png",
            name = "Not the name claim",
            picture = "not-the-picture.png",
        });
        (await OwnerOfNewServer(app, admin)).ShouldBe("user-42");
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'user-42' AND name = 'Nick' AND avatar = 'https://cdn.example/nick.png'").ShouldBe(1);
        (await Send(app, HttpMethod.Get, "/webhooks", admin)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var member = await provider.TokenAsync(scope: "invites", claims: new { oid = "user-43" });
        (await Send(app, HttpMethod.Get, "/webhooks", member)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The token's sub (the client) is no user id here: without the configured claim, the token is refused.
        (await CreateServerStatus(app, await provider.TokenAsync())).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [NeedsOidcProviderFact]
    public async Task By_default_the_name_falls_back_to_preferred_username_and_a_role_claim_holding_admin_makes_the_platform_admin()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service();

        (await OwnerOfNewServer(app, await provider.TokenAsync(claims: new { sub = "pat", preferred_username = "Pat P" }))).ShouldBe("pat");
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'pat' AND name = 'Pat P'").ShouldBe(1);
        (await OwnerOfNewServer(app, await provider.TokenAsync(claims: new { sub = "kim", name = "Kim", preferred_username = "kim99" }))).ShouldBe("kim");
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'kim' AND name = 'Kim'").ShouldBe(1);

        foreach (var (role, isAdmin) in new (object Role, bool IsAdmin)[]
                 {
                     (new[] { "admin" }, true),
                     ("moderator admin", true),
                     ("admin", true),
                     (new[] { "super admin" }, false),
                     ("administrator", false),
                     (new[] { "moderator" }, false),
                 })
        {
            var token = await provider.TokenAsync(claims: new { sub = "role-user", role });
            (await Send(app, HttpMethod.Get, "/webhooks", token)).StatusCode.ShouldBe(isAdmin ? HttpStatusCode.OK : HttpStatusCode.Forbidden, System.Text.Json.JsonSerializer.Serialize(role));
        }
    }

    /// <summary>The user id claim obeys the rule a shared-key token's <c>sub</c> does (<see cref="Caller.IsUserId"/>); a number is taken as its digits.</summary>
    [NeedsOidcProviderFact]
    public async Task A_user_id_claim_that_breaks_the_user_id_rule_is_401_and_writes_nothing()
    {
        var provider = await shared.GetAsync();
        await using var app = provider.Service();
        var before = app.Fingerprint();

        // The sub as JSON, escapes as written: the provider signs them so.
        foreach (var sub in new[] { $"\"{new string('x', Caller.MaxIdLength + 1)}\"", "\"\"", @"""a\u0000b""", @"""line\n""", @"""\ud800""", "[\"a\"]", "true", "null" })
        {
            (await CreateServerStatus(app, await provider.TokenAsync(claims: $$"""{"sub":{{sub}}}"""))).ShouldBe(HttpStatusCode.Unauthorized, sub);
        }

        app.Fingerprint().ShouldBe(before);
        (await OwnerOfNewServer(app, await provider.TokenAsync(claims: new { sub = new string('x', Caller.MaxIdLength) }))).ShouldBe(new string('x', Caller.MaxIdLength));
        (await OwnerOfNewServer(app, await provider.TokenAsync(claims: new { sub = 12345 }))).ShouldBe("12345");
    }
}
