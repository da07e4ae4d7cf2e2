using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Validators;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Validation;
using Microsoft.OpenApi;

namespace InviteService.Features.Messenger;

/// <summary>
/// POST /api/messenger/threads/{thread}/invites body: <c>uses</c> (required, 0-100, 0 = unlimited) and <c>expires</c>, a preset
/// 0-8 (never, 30 min, 1 h, 6 h, 12 h, 1 day, 1 week, 2 weeks, 1 month) or a date more than 5 minutes ahead, in one of the
/// forms of <see cref="ExpiresDate"/>. Numbers may arrive as strings, as form-minded clients of this API send them.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record MessengerCreateInviteRequest(int? Uses, JsonElement? Expires = null) : IOptionalBody<MessengerCreateInviteRequest>
{
    /// <summary>No body: nothing given, so <c>uses</c> is missing.</summary>
    public static MessengerCreateInviteRequest Absent { get; } = new(null, null);

    public const int MaxPreset = 8;

    /// <summary>A preset given as a string: an integer in digits.</summary>
    private const string PresetText = "-?[0-9]+";

    private static readonly Regex PresetString = new($"^{PresetText}\\z", RegexOptions.CultureInvariant);

    /// <summary>The <c>expires</c> field read as a preset, a date, or what refuses it whatever the clock says.</summary>
    public sealed record Expiry(int? Preset, DateTimeOffset? Date, string? Refusal = null);

    private static readonly Expiry Malformed = new(null, null, $"The expires must be a preset between 0 and {MaxPreset} or a date.");
    private static readonly Expiry NotADate = new(null, null, "The expires is not a valid date.");

    public Expiry? ReadExpiry() => Expires switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.Number } e => e.TryGetInt32(out var preset) ? new(preset, null) : Malformed,
        { ValueKind: JsonValueKind.String } e when PresetString.IsMatch(e.GetString()!) =>
            int.TryParse(e.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var preset) ? new(preset, null) : Malformed,
        { ValueKind: JsonValueKind.String } e => ExpiresDate.TryParse(e.GetString()!, out var date) ? new(null, date) : NotADate,
        _ => Malformed,
    };

    /// <summary>The absolute expiry of a valid request; null for never.</summary>
    public DateTimeOffset? ExpiresAt(DateTimeOffset now) => ReadExpiry() switch
    {
        { Preset: { } preset } => FromPreset(preset, now),
        { Date: { } date } => date,
        _ => null,
    };

    /// <summary>Preset 0-8: never, 30 min, 1 h, 6 h, 12 h, 1 day, 1 week, 2 weeks, 1 month.</summary>
    public static DateTimeOffset? FromPreset(int preset, DateTimeOffset now) => preset switch
    {
        0 => null,
        1 => now.AddMinutes(30),
        2 => now.AddHours(1),
        3 => now.AddHours(6),
        4 => now.AddHours(12),
        5 => now.AddDays(1),
        6 => now.AddDays(7),
        7 => now.AddDays(14),
        8 => now.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(preset)),
    };

    /// <summary>The Messenger wire rules, with the Laravel-style messages that API's clients show.</summary>
    public sealed class Validator : AbstractValidator<MessengerCreateInviteRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.Uses).NotNull().WithMessage("The uses field is required.")
                .InclusiveBetween(0, CreateInvite.MaxUsesLimit).WithMessage($"The uses must be between 0 and {CreateInvite.MaxUsesLimit}.");
            RuleFor(r => r.Expires).SetValidator(new ExpiresRule(time));
        }
    }

    /// <summary><c>expires</c>: absent, a preset, or a date more than five minutes ahead, each refusal with its own message.</summary>
    private sealed class ExpiresRule(TimeProvider time) : PropertyValidator<MessengerCreateInviteRequest, JsonElement?>, ISchemaRule
    {
        public override string Name => "Expires";

        public override bool IsValid(ValidationContext<MessengerCreateInviteRequest> context, JsonElement? value)
        {
            var problem = context.InstanceToValidate.ReadExpiry() switch
            {
                null => null,
                { Refusal: { } refusal } => refusal,
                { Preset: < 0 or > MaxPreset } => $"The expires must be between 0 and {MaxPreset}.",
                { Date: { } date } when date <= time.GetUtcNow().AddMinutes(5) => "The expires must be a date more than 5 minutes from now.",
                _ => null,
            };
            if (problem is null) return true;
            context.MessageFormatter.AppendArgument("Problem", problem);
            return false;
        }

        protected override string GetDefaultMessageTemplate(string errorCode) => "{Problem}";

        public void Describe(OpenApiSchema schema)
        {
            schema.Type = null;
            schema.OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = MaxPreset.ToString(CultureInfo.InvariantCulture), Description = "A preset." },
                new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Pattern = $"^(?:{PresetText}|{ExpiresDate.Pattern})$",
                    Description = "A preset as a string (\"7\"); an RFC 3339 date-time with its offset (2026-12-10T14:30:00Z) or full-date " +
                        "(2026-12-10, midnight UTC); or day first, as the original API reads them: dd-mm-yyyy or dd.mm.yyyy (10-12-2026 " +
                        "and 10.12.2026 are 10 December), alone (midnight) or followed by a space and HH:mm or HH:mm:ss, in UTC. " +
                        "Any other string is not a date.",
                },
                new OpenApiSchema { Type = JsonSchemaType.Null },
            ];
            schema.Description = $"A preset 0-{MaxPreset} (never, 30 min, 1 h, 6 h, 12 h, 1 day, 1 week, 2 weeks, 1 month) or a date more than 5 minutes ahead; absent is never.";
        }
    }
}
