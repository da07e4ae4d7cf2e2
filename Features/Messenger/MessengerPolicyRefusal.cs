using InviteService.Features.Invites;

namespace InviteService.Features.Messenger;

/// <summary>
/// A thread's invite policy refusing an invite, the way this face's (Laravel) clients expect a refusal: 422 naming
/// <c>expires</c> or <c>uses</c>, in the wording of the validation messages they already know, each stating the limit. A
/// preset and a date are judged by the same rule, as the lifetime they give.
/// </summary>
public static class MessengerPolicyRefusal
{
    /// <param name="expiresLeftOut">The body gave no <c>expires</c>, which on this face means never.</param>
    public static IDictionary<string, string[]> Errors(InvitePolicy.Refusal refusal, bool expiresLeftOut) =>
        refusal.Breaches
            .GroupBy(b => b.IsAboutLifetime ? "expires" : "uses")
            .ToDictionary(g => g.Key, g => g.Select(b => Message(b, expiresLeftOut)).ToArray());

    private static string Message(InvitePolicy.Breach breach, bool expiresLeftOut) => breach.Rule switch
    {
        InvitePolicy.Rule.MaxAgeAboveCeiling => $"The expires must be a date within {breach.Limit} seconds from now.",
        InvitePolicy.Rule.NeverExpiringNotAllowed when expiresLeftOut => "The expires field is required.",
        InvitePolicy.Rule.NeverExpiringNotAllowed => "The selected expires is invalid: invites on this thread must expire.",
        InvitePolicy.Rule.MaxUsesAboveCeiling => $"The uses may not be greater than {breach.Limit}.",
        _ => $"The uses must be between 1 and {breach.Limit}.",
    };
}
