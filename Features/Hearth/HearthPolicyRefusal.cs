using InviteService.Features.Invites;

namespace InviteService.Features.Hearth;

/// <summary>
/// A server's invite policy refusing an invite, in this face's words: <c>validation_failed</c> naming <c>max_age</c> or
/// <c>max_uses</c>, each message stating the limit.
/// </summary>
public static class HearthPolicyRefusal
{
    public static IDictionary<string, string[]> Errors(InvitePolicy.Refusal refusal) =>
        refusal.Breaches
            .GroupBy(b => b.IsAboutLifetime ? "max_age" : "max_uses")
            .ToDictionary(g => g.Key, g => g.Select(Message).ToArray());

    private static string Message(InvitePolicy.Breach breach) => breach.Rule switch
    {
        InvitePolicy.Rule.MaxAgeAboveCeiling =>
            $"max_age must be at most {breach.Limit} seconds: the server's invite policy (max_age_ceiling).",
        InvitePolicy.Rule.NeverExpiringNotAllowed => breach.Limit is { } ceiling
            ? $"max_age must be 1 to {ceiling} seconds: the server's invite policy allows no never-expiring invites (allow_never_expiring is false)."
            : "max_age must not be 0: the server's invite policy allows no never-expiring invites (allow_never_expiring is false).",
        InvitePolicy.Rule.MaxUsesAboveCeiling =>
            $"max_uses must be at most {breach.Limit}: the server's invite policy (max_uses_ceiling).",
        _ => $"max_uses must be 1 to {breach.Limit}: the server's invite policy allows no unlimited invites (max_uses_ceiling is {breach.Limit}).",
    };
}
