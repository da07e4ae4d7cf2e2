using System.Reflection;
using System.Security.Claims;

namespace InviteService.Infrastructure.Auth;

/// <summary>The signed-in user, read from the token's claims. Bound as an endpoint parameter.</summary>
public sealed record Caller(string Id, string Name, string? Avatar, bool IsPlatformAdmin)
{
    public const int MaxIdLength = 64;

    public static Caller? FromPrincipal(ClaimsPrincipal principal)
    {
        var sub = principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(sub))
        {
            return null;
        }

        var name = principal.FindFirstValue("name");
        return new Caller(
            sub,
            string.IsNullOrWhiteSpace(name) ? sub : name,
            principal.FindFirstValue("picture"),
            principal.FindAll("role").Any(c => c.Value == "admin"));
    }

    /// <summary>Minimal-API binding: endpoints that take a <see cref="Caller"/> require authentication anyway.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(FromPrincipal(context.User));
}
