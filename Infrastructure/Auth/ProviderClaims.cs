using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Infrastructure.Auth;

/// <summary>
/// Reads who the caller is from a token of the identity provider, through the claim names configured for it
/// (<see cref="AuthOptions.Claims"/>, <see cref="AuthOptions.AdminClaim"/>), and answers with the claims the rest of the
/// service reads from every token: <c>sub</c>, <c>name</c>, <c>picture</c>, and <c>role: admin</c> for the platform admin.
/// The payload is read as JSON, so a string claim and a JSON array claim are told apart.
/// </summary>
public static class ProviderClaims
{
    /// <summary>The caller's claims, or the reason the token is refused (its user id claim breaks <see cref="Caller.IsUserId"/>).</summary>
    public static (ClaimsIdentity? Identity, string? Refusal) Read(JsonWebToken token, AuthOptions auth)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        var claims = payload.RootElement;
        if (claims.ValueKind != JsonValueKind.Object) return (null, "The token's payload is not a JSON object.");

        var userId = Text(claims, auth.Claims.UserId, numbers: true);
        if (!Caller.IsUserId(userId)) return (null, $"The token's {auth.Claims.UserId} claim must be {Caller.UserIdRule}.");

        var identity = new ClaimsIdentity(authenticationType: "Bearer", nameType: "name", roleType: "role");
        identity.AddClaim(new Claim("sub", userId!));
        var name = auth.Claims.NameClaims.Select(c => Caller.DisplayName(Text(claims, c))).FirstOrDefault(n => n is not null);
        if (name is not null) identity.AddClaim(new Claim("name", name));
        if (Text(claims, auth.Claims.Picture) is { } picture) identity.AddClaim(new Claim("picture", picture));
        if (Holds(claims, auth.AdminClaim, auth.AdminValue)) identity.AddClaim(new Claim("role", "admin"));
        return (identity, null);
    }

    /// <summary>
    /// Whether the claim holds the value: a string claim that is the value or has it as one of its space-separated words
    /// (<c>scope</c>), a JSON array with the value as an element, or a number or boolean written as the value.
    /// </summary>
    public static bool Holds(JsonElement claims, string claim, string value)
    {
        if (!claims.TryGetProperty(claim, out var held)) return false;
        return held.ValueKind switch
        {
            JsonValueKind.String => StringOrNull(held) is { } text && (text == value || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(value)),
            JsonValueKind.Array => held.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String ? StringOrNull(e) == value : IsScalar(e) && e.GetRawText() == value),
            _ => IsScalar(held) && held.GetRawText() == value,
        };
    }

    /// <summary>
    /// A string claim's value; with <paramref name="numbers"/>, an integer claim's digits too (some providers number their
    /// users). Null when absent, of another type, or not text at all (an escaped unpaired surrogate, which
    /// <see cref="JsonElement.GetString"/> refuses to read): a user id then refuses the token, a name or picture is left out.
    /// </summary>
    private static string? Text(JsonElement claims, string claim, bool numbers = false)
    {
        if (!claims.TryGetProperty(claim, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return StringOrNull(value);
        return numbers && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null;
    }

    private static string? StringOrNull(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsScalar(JsonElement e) => e.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;
}
