using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Infrastructure.Auth;

/// <summary>Mints HS256 tokens with the configured key: the token command, tests and the benchmark use it.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    public string Issue(string sub, string? name = null, string? picture = null, bool admin = false, TimeSpan? lifetime = null)
    {
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new("sub", sub) };
        if (name is not null) claims.Add(new Claim("name", name));
        if (picture is not null) claims.Add(new Claim("picture", picture));
        if (admin) claims.Add(new Claim("role", "admin"));

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = string.IsNullOrEmpty(auth.Issuer) ? null : auth.Issuer,
            Audience = string.IsNullOrEmpty(auth.Audience) ? null : auth.Audience,
            NotBefore = now,
            IssuedAt = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(auth.KeyBytes), SecurityAlgorithms.HmacSha256),
        });
    }
}
