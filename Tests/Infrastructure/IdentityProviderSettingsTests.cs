using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using InviteService.App.Commands;
using InviteService.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Tests.Infrastructure;

/// <summary>The <c>Auth</c> settings of an identity provider: what a start refuses, in one line, and what works without the provider.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class IdentityProviderSettingsTests
{
    private const string Authority = "https://id.example.com/realms/community";

    private static InviteApp Production(params (string Key, string? Value)[] settings)
    {
        var app = InviteApp.OnFile(InviteApp.NewDatabasePath(), "Production").With("Auth:SigningKey", "");
        // Only the settings given: a key present with no value would bind as the type's default (00:00:00 for an interval).
        foreach (var (key, value) in settings.Where(s => s.Value is not null)) app.With(key, value);
        return app;
    }

    [Theory]
    [InlineData(null, null, null, null, "Auth:SigningKey must be set to at least 32 bytes, or Auth:Authority")]
    [InlineData(Authority, null, null, null, "Auth:Audience must be set when Auth:Authority is")]
    [InlineData("http://id.example.com/realms/community", "invites", null, null, "over plain http")]
    [InlineData("id.example.com", "invites", null, null, "Auth:Authority must be your identity provider's issuer")]
    [InlineData("ftp://id.example.com", "invites", null, null, "Auth:Authority must be your identity provider's issuer")]
    [InlineData(Authority, "invites", "00:00:00", null, "Auth:KeyRefreshInterval must be between")]
    [InlineData(Authority, "invites", null, "", "Auth:Claims:UserId must not be empty")]
    public void A_start_with_unusable_provider_settings_is_refused_in_one_line(string? authority, string? audience, string? refresh, string? userIdClaim, string message)
    {
        using var app = Production(("Auth:Authority", authority), ("Auth:Audience", audience), ("Auth:KeyRefreshInterval", refresh), ("Auth:Claims:UserId", userIdClaim));

        var ex = Should.Throw<OptionsValidationException>(() => app.Start());
        ex.Message.ShouldContain(message);
        ex.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void An_authority_with_its_audience_starts_without_a_signing_key()
    {
        using var app = Production(("Auth:Authority", Authority), ("Auth:Audience", "invites"));

        Should.NotThrow(() => app.Start());
    }

    [Fact]
    public void A_plain_http_authority_is_allowed_when_https_metadata_is_not_required()
    {
        using var app = Production(("Auth:Authority", "http://127.0.0.1:8080/realms/dev"), ("Auth:Audience", "invites"), ("Auth:RequireHttpsMetadata", "false"));

        Should.NotThrow(() => app.Start());
    }

    [Fact]
    public async Task The_token_command_says_in_one_line_that_it_needs_the_shared_key()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = Authority,
            ["Auth:Audience"] = "invites",
        }).Build();
        var error = new StringWriter();

        (await ProgramCommands.RunAsync(["token", "--sub", "x"], TextWriter.Null, error, _ => config)).ShouldBe(1);
        error.ToString().TrimEnd().ShouldNotContain("\n");
        error.ToString().ShouldContain("Auth:SigningKey is not set");
    }

    /// <summary>
    /// A provider that cannot be reached costs only its own tokens: they are 401, while the shared key's tokens still sign in.
    /// (Nothing listens on the authority's port; the RS256 token is signed with a key of this test's.)
    /// </summary>
    [Fact]
    public async Task Without_the_provider_its_tokens_are_401_and_the_shared_keys_tokens_still_work()
    {
        await using var app = new InviteApp()
            .With("Auth:Authority", $"http://127.0.0.1:{ServiceProcess.FreePort()}")
            .With("Auth:RequireHttpsMetadata", "false")
            .With("Auth:Audience", "invites");

        var now = app.Time.GetUtcNow().UtcDateTime;
        var rs256 = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "rs-user")]),
            Audience = "invites",
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });

        (await IdentityProviderTests.CreateServerStatus(app, rs256)).ShouldBe(HttpStatusCode.Unauthorized);
        (await IdentityProviderTests.CreateServerStatus(app, app.Token("shared-user"))).ShouldBe(HttpStatusCode.Created);
    }
}
