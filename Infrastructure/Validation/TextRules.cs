using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.Validation;

/// <summary>Rules for text and links that anonymous previews show to people.</summary>
public static class TextRules
{
    public const int MaxUrlLength = 2048;

    /// <summary>
    /// Why a value is refused whatever field it is in (<see cref="IsWellFormed"/>). Said without the field's name, so it reads
    /// the same in every face's error shape.
    /// </summary>
    public const string NotWellFormed = "The value holds a NUL character (U+0000), an unpaired surrogate or bytes that are not UTF-8; no text here may.";

    /// <summary>
    /// Text every store can keep and every reader can read: no NUL (U+0000, which PostgreSQL text cannot hold) and no
    /// unpaired surrogate (which has no UTF-8 form). Any request field, query value or path that is not is refused at the
    /// edge, before a rule of its own.
    /// </summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }

        return true;
    }

    /// <summary>
    /// Names and reasons are shown to people, and must read as what they are (<see cref="VisibleText"/>): nothing hidden (no
    /// control, format, invisible, blank-drawn or text-direction character that makes "Official Support" out of something
    /// else, or a blank name), and, when there is more than white space, something shown. Emoji sequences are kept.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !VisibleText.HasHidden(text))
            .WithMessage("{PropertyName} must not contain control, invisible, blank or text-direction characters.")
            .Must(text => string.IsNullOrWhiteSpace(text) || VisibleText.HasHidden(text) || VisibleText.HasShown(text))
            .WithMessage("{PropertyName} must have a visible character, not only spaces and combining marks.");

    /// <summary>Null or empty (no link), else an absolute http(s) URL of at most <see cref="MaxUrlLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string?> HttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.SetValidator(new HttpUrlValidator<T>())
            .WithMessage($"{{PropertyName}} must be an absolute https:// or http:// URL of at most {MaxUrlLength} characters.");

    public static bool IsHttpUrl(string url) =>
        url.Length <= MaxUrlLength && !url.Any(char.IsWhiteSpace) && !VisibleText.HasHidden(url) &&
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        uri.Host.Length > 0;

    /// <summary>
    /// A string that <paramref name="isValid"/> accepts, stated for the OpenAPI document as <paramref name="schemaPattern"/>
    /// (ECMA-262, where <c>$</c> is the very end: .NET's <c>$</c> also matches before a final newline, so the check itself is code).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Pattern<T>(this IRuleBuilder<T, string?> rule, Func<string, bool> isValid, string schemaPattern) =>
        rule.SetValidator(new PatternValidator<T>(isValid, schemaPattern));

    private sealed class HttpUrlValidator<T> : PropertyValidator<T, string?>, ISchemaRule
    {
        public override string Name => "HttpUrl";

        public override bool IsValid(ValidationContext<T> context, string? value) => string.IsNullOrEmpty(value) || IsHttpUrl(value);

        public void Describe(OpenApiSchema schema)
        {
            schema.Format = "uri";
            schema.MaxLength = MaxUrlLength;
        }
    }

    private sealed class PatternValidator<T>(Func<string, bool> isValid, string schemaPattern) : PropertyValidator<T, string?>, ISchemaRule
    {
        public override string Name => "Pattern";

        public override bool IsValid(ValidationContext<T> context, string? value) => value is null || isValid(value);

        public void Describe(OpenApiSchema schema) => schema.Pattern = schemaPattern;

        protected override string GetDefaultMessageTemplate(string errorCode) => "{PropertyName} is not in the expected format.";
    }
}
