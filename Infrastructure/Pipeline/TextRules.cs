using FluentValidation;

namespace InviteService.Infrastructure.Pipeline;

public static class TextRules
{
    /// <summary>Names and reasons are shown to people: no control characters (NUL, escape sequences, bidi tricks stay out).</summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !text.Any(c => char.IsControl(c) || c is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))
            .WithMessage("{PropertyName} must not contain control characters.");
}
