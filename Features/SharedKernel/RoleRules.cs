using FluentValidation;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.SharedKernel;

/// <summary>
/// The member role rule: what a role label may be, wherever roles are given (a member's roles, the roles an invite grants),
/// and how a list of them is stored (trimmed, without blanks or repeats, comma-joined).
/// </summary>
public static class RoleRules
{
    public const int MaxLength = 32;

    public static readonly string Message = $"A role is 1-{MaxLength} letters, digits, spaces, '-' or '_'.";

    public static bool IsLabel(string? role) =>
        role is { Length: > 0 and <= MaxLength } && role.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or ' ');

    /// <summary><see cref="IsLabel"/> for the OpenAPI document (ECMA-262).</summary>
    public const string SchemaPattern = "^[A-Za-z0-9 _-]{1,32}$";

    /// <summary>Each element of a list of roles is a label (<see cref="IsLabel"/>); null is not one.</summary>
    public static IRuleBuilderOptions<T, string?> RoleLabel<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotNull().WithMessage(Message).Pattern(IsLabel, SchemaPattern).WithMessage(Message);

    /// <summary>The roles as stored: trimmed, blanks and repeats dropped, comma-joined ('' for none).</summary>
    public static string Join(IEnumerable<string> roles) =>
        string.Join(',', roles.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct());
}
