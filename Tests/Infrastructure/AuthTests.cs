using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using InviteService.Infrastructure.Auth;
using InviteService.App.Commands;
using InviteService.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Tests.Infrastructure;

[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class AuthTests(InviteApp app) : IClassFixture<InviteApp>
{
    private string Mint(Action<SecurityTokenDescriptor> shape, string key = InviteApp.SigningKey, bool defaultTimes = true)
    {
        var now = app.Time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "auth-user")]),
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        };
        shape(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = defaultTimes }.CreateToken(descriptor);
    }

    private async Task<HttpStatusCode> CreateServerWith(string authorization)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        var response = await client.PostAsJsonAsync("/servers", new { name = "auth" });
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("unauthorized");
            response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        }

        return response.StatusCode;
    }

    [Fact]
    public async Task A_valid_token_is_accepted() =>
        (await CreateServerWith("Bearer " + Mint(_ => { }))).ShouldBe(HttpStatusCode.Created);

    [Fact]
    public async Task An_expired_token_is_401() =>
        (await CreateServerWith("Bearer " + Mint(d =>
        {
            d.NotBefore = d.IssuedAt = app.Time.GetUtcNow().UtcDateTime.AddHours(-2);
            d.Expires = app.Time.GetUtcNow().UtcDateTime.AddMinutes(-1);
        }))).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_token_within_the_30_second_skew_is_accepted_and_beyond_it_refused()
    {
        var now = app.Time.GetUtcNow().UtcDateTime;
        (await CreateServerWith("Bearer " + Mint(d => { d.NotBefore = d.IssuedAt = now.AddHours(-1); d.Expires = now.AddSeconds(-20); })))
            .ShouldBe(HttpStatusCode.Created);
        (await CreateServerWith("Bearer " + Mint(d => { d.NotBefore = d.IssuedAt = now.AddHours(-1); d.Expires = now.AddSeconds(-40); })))
            .ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_not_yet_valid_token_is_401() =>
        (await CreateServerWith("Bearer " + Mint(d =>
        {
            d.NotBefore = d.IssuedAt = app.Time.GetUtcNow().UtcDateTime.AddMinutes(10);
            d.Expires = app.Time.GetUtcNow().UtcDateTime.AddHours(1);
        }))).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_token_signed_with_another_key_is_401() =>
        (await CreateServerWith("Bearer " + Mint(_ => { }, key: "another-signing-key-that-is-also-long-enough-42"))).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401()
    {
        var unsigned = new JsonWebTokenHandler().CreateToken(
            """{"sub":"auth-user","exp":4102444800}""");

        (await CreateServerWith("Bearer " + unsigned)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_without_expiry_is_401() =>
        (await CreateServerWith("Bearer " + Mint(d => d.Expires = null, defaultTimes: false))).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task A_token_without_sub_or_with_an_overlong_sub_is_401()
    {
        (await CreateServerWith("Bearer " + Mint(d => d.Subject = new ClaimsIdentity([new Claim("name", "nobody")])))).ShouldBe(HttpStatusCode.Unauthorized);
        (await CreateServerWith("Bearer " + Mint(d => d.Subject = new ClaimsIdentity([new Claim("sub", new string('x', 65))])))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// A user id is stored, listed and put in URLs: a control character in it (a NUL, which PostgreSQL cannot store) or an
    /// unpaired surrogate refuses the token. The sub is written into the payload as JSON, escapes as given.
    /// </summary>
    [Theory]
    [InlineData(@"auth-user", true)]
    [InlineData(@"auth\u00e9\ud83d\ude00", true)]
    [InlineData(@"auth\u0000user")]
    [InlineData(@"\u0000")]
    [InlineData(@"auth-user\n")]
    [InlineData(@"auth\u001Buser")]
    [InlineData(@"auth\u0085user")]
    [InlineData(@"auth\ud800user")]
    public async Task A_token_whose_sub_holds_a_control_character_or_an_unpaired_surrogate_is_401_and_writes_nothing(string escapedSub, bool accepted = false)
    {
        var now = app.Time.GetUtcNow().ToUnixTimeSeconds();
        var token = new JsonWebTokenHandler().CreateToken(
            $$"""{"sub":"{{escapedSub}}","nbf":{{now}},"iat":{{now}},"exp":{{now + 3600}}}""",
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(InviteApp.SigningKey)), SecurityAlgorithms.HmacSha256));
        var before = app.Fingerprint();

        var status = await CreateServerWith("Bearer " + token);

        if (accepted)
        {
            status.ShouldBe(HttpStatusCode.Created); // the same token with a plain sub: the refusals below are the sub's
            return;
        }

        status.ShouldBe(HttpStatusCode.Unauthorized);
        app.Fingerprint().ShouldBe(before);
    }

    /// <summary>
    /// RFC 7515 §4.1.11: a JWS whose <c>crit</c> lists an extension the recipient does not process is invalid. The service
    /// processes none, so any <c>crit</c>, however it is written, makes a correctly signed token worthless.
    /// </summary>
    [Theory]
    [InlineData("""["exp-ext"]""", "exp-ext")]
    [InlineData("""["b64"]""", "b64")]
    [InlineData("[]", null)]
    [InlineData("\"exp-ext\"", "exp-ext")]
    [InlineData("null", null)]
    public async Task A_token_with_a_crit_header_is_401(string crit, string? extension)
    {
        var token = Mint(d =>
        {
            d.AdditionalHeaderClaims = new Dictionary<string, object> { ["crit"] = System.Text.Json.JsonDocument.Parse(crit).RootElement };
            if (extension is not null) d.AdditionalHeaderClaims[extension] = false;
        });
        Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0])).ShouldContain("\"crit\":" + crit);

        (await CreateServerWith("Bearer " + token)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Bearer a.b.c.d.e")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.")]
    public async Task A_malformed_authorization_header_is_401(string header) =>
        (await CreateServerWith(header)).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Claims_become_the_user_record_on_write()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token("auth-claims", name: "Claire", picture: "claire.png"));
        (await client.PostAsJsonAsync("/servers", new { name = "claims" })).EnsureSuccessStatusCode();

        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'auth-claims' AND name = 'Claire' AND avatar = 'claire.png'").ShouldBe(1);
    }

    [Fact]
    public async Task The_token_command_mints_a_token_the_service_accepts()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = InviteApp.SigningKey }).Build();
        var output = new StringWriter();

        Token(["--sub", "cli-user", "--name", "Cli User"], config, output, TextWriter.Null).ShouldBe(0);

        // The command stamps tokens with the real clock; move the service's clock there for this check.
        using (app.Time.At(DateTimeOffset.UtcNow))
        {
            (await CreateServerWith("Bearer " + output.ToString().Trim())).ShouldBe(HttpStatusCode.Created);
        }
    }

    [Fact]
    public void The_token_command_mints_one_token_per_user_with_count()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = InviteApp.SigningKey }).Build();
        var output = new StringWriter();

        Token(["--sub", "bench", "--count", "3"], config, output, TextWriter.Null).ShouldBe(0);

        var subs = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => new JsonWebToken(t.Trim()).Subject).ToArray();
        subs.ShouldBe(["bench-1", "bench-2", "bench-3"]);
    }

    [Theory]
    [InlineData(new string[0], 2)]
    [InlineData(new[] { "--sub" }, 2)]
    [InlineData(new[] { "--sub", "x", "--bogus" }, 2)]
    [InlineData(new[] { "--sub", "x", "--hours", "soon" }, 2)]
    [InlineData(new[] { "--sub", "x", "--count", "-5" }, 2)]
    [InlineData(new[] { "--sub", "x\u0001y" }, 2)]
    public void The_token_command_explains_bad_arguments(string[] args, int exitCode)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = InviteApp.SigningKey }).Build();
        var error = new StringWriter();

        Token(args, config, TextWriter.Null, error).ShouldBe(exitCode);
        error.ToString().ShouldContain("usage: see 'dotnet run -- token --help'");
    }

    [Fact]
    public void The_token_command_refuses_without_a_key()
    {
        var error = new StringWriter();

        Token(["--sub", "x"], new ConfigurationBuilder().Build(), TextWriter.Null, error).ShouldBe(1);
        error.ToString().ShouldContain("Auth:SigningKey");
    }

    private static int Token(string[] args, IConfiguration configuration, TextWriter output, TextWriter error) =>
        ProgramCommands.RunAsync(["token", .. args], output, error, _ => configuration).GetAwaiter().GetResult();

    [Fact]
    public async Task Every_command_has_help()
    {
        foreach (var command in ProgramCommands.Commands)
        {
            var output = new StringWriter();
            (await ProgramCommands.RunAsync([command, "--help"], output, TextWriter.Null)).ShouldBe(0);
            output.ToString().ShouldContain("Usage:");
            output.ToString().ShouldContain(command);
        }
    }
}
