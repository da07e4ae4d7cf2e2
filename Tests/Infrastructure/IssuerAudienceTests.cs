using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using InviteService.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Tests.Infrastructure;

[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class IssuerAudienceTests : IAsyncLifetime
{
    private readonly InviteApp _app = new InviteApp().With("Auth:Issuer", "https://host.example").With("Auth:Audience", "invites");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpStatusCode> With(string? issuer, string? audience)
    {
        var now = _app.Time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "iss-user")]),
            Issuer = issuer,
            Audience = audience,
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(InviteApp.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return (await client.PostAsJsonAsync("/servers", new { name = "iss" })).StatusCode;
    }

    [Fact]
    public async Task The_configured_issuer_and_audience_are_accepted() =>
        (await With("https://host.example", "invites")).ShouldBe(HttpStatusCode.Created);

    [Fact]
    public async Task A_wrong_or_missing_issuer_is_401()
    {
        (await With("https://evil.example", "invites")).ShouldBe(HttpStatusCode.Unauthorized);
        (await With(null, "invites")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_wrong_or_missing_audience_is_401()
    {
        (await With("https://host.example", "other-app")).ShouldBe(HttpStatusCode.Unauthorized);
        (await With("https://host.example", null)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_from_the_token_issuer_carry_the_configured_issuer_and_audience()
    {
        var client = _app.As("iss-minted");
        (await client.PostAsJsonAsync("/servers", new { name = "minted" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
