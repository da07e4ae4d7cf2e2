using System.Text.RegularExpressions;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.SharedKernel;

/// <summary>Vanity codes: 3-32 of a-z, 0-9 and '-', unique case-insensitively across vanity and invite codes.</summary>
public static partial class Vanity
{
    public const string Feature = "VANITY_URL";
    public const int MinLength = 3;
    public const int MaxLength = 32;

    /// <summary>Features a platform admin may grant.</summary>
    public static readonly NamedValues KnownFeatures = new("ServerFeature", [Feature]);

    /// <summary>Words a server may not claim: routes of ours and names that would impersonate the platform.</summary>
    public static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "api", "app", "channels", "discord", "health", "hearth", "help", "invite", "invites",
        "join", "login", "logout", "messenger", "moderator", "new", "official", "openapi", "root", "servers", "settings",
        "staff", "support", "system", "www",
    };

    public static readonly Error Taken = new("vanity_taken", "That vanity code is already in use", ErrorKind.BadRequest);
    public static readonly Error ReservedCode = new("vanity_reserved", "That vanity code is reserved", ErrorKind.BadRequest);
    public static readonly Error FeatureRequired = new("vanity_not_allowed", "The server does not have the VANITY_URL feature", ErrorKind.Forbidden);
    public static readonly Error FeaturesAreAdminOnly = new("no_permission", "Only the platform admin may change features", ErrorKind.Forbidden);

    public static bool IsWellFormed(string code) => ValidCode().IsMatch(code);

    /// <summary>The same rule as a JSON Schema pattern (ECMA-262, where <c>$</c> is the very end), for the OpenAPI document.</summary>
    public const string SchemaPattern = "^(|[a-z0-9-]{3,32})$";

    /// <summary>Is <c>@Code</c> an invite's code, or some server's vanity code case-insensitively? (A new invite code must be neither.)</summary>
    public const string CodeInUseSql = """
        SELECT EXISTS (SELECT 1 FROM invites WHERE code = @Code)
            OR EXISTS (SELECT 1 FROM servers WHERE lower(vanity_code) = lower(@Code))
        """;

    /// <summary>Is <c>@Code</c> used, case-insensitively, by another server's vanity or by any invite?</summary>
    public const string TakenSql = """
        SELECT EXISTS (SELECT 1 FROM servers WHERE lower(vanity_code) = lower(@Code) AND id <> @ServerId)
            OR EXISTS (SELECT 1 FROM invites WHERE lower(code) = lower(@Code))
        """;

    // \A and \z: in .NET, $ also matches before a final newline, so "^…$" would accept "support\n".
    [GeneratedRegex(@"\A[a-z0-9-]{3,32}\z")]
    private static partial Regex ValidCode();
}
