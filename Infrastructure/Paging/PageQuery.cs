using System.ComponentModel;
using System.Globalization;
using FluentValidation;
using InviteService.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace InviteService.Infrastructure.Paging;

/// <summary>
/// <c>?limit=&amp;after=</c> of every list that comes in pages, bound with <c>[AsParameters]</c> and validated once, at the
/// edge, by the validation filter; the OpenAPI document states the same rules on the two parameters. Both are kept as the
/// text that came, so a limit that is not a number is a <c>validation_failed</c> that names <c>limit</c> like any other.
/// </summary>
public sealed record PageQuery
{
    public const string LimitName = "limit";
    public const string AfterName = "after";
    public const int MinLimit = 1;
    public const int MaxLimit = 1000;

    // Init properties, not a positional record: the request delegate generator emits typeof(string?) for the constructor
    // parameters of an [AsParameters] record, which does not compile.
    [FromQuery(Name = LimitName)]
    [Description("How many rows at most, 1-1000. Without it, 100, unless the operation says otherwise.")]
    public string? Limit { get; init; }

    [FromQuery(Name = AfterName)]
    [Description("Where the page starts: the cursor in the previous page's `Link` header, passed back as it came.")]
    public string? After { get; init; }

    /// <summary>A list's page size when the caller names none, unless the list says otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary>What was asked for; call only on a query the validator accepted.</summary>
    public PageRequest Request() => new(
        Limit is null ? null : int.Parse(Limit, NumberStyles.None, CultureInfo.InvariantCulture),
        After is null ? null : Cursor.TryDecode(After, out var cursor) ? cursor : throw new InvalidOperationException("An unvalidated cursor."));

    public sealed class Validator : AbstractValidator<PageQuery>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).WholeNumber(MinLimit, MaxLimit);
            RuleFor(q => q.After).Cascade(CascadeMode.Stop)
                .MaximumLength(Cursor.MaxLength)
                .Must(after => after is null || Cursor.TryDecode(after, out _))
                .WithMessage("{PropertyName} must be a cursor as this list's Link header gave it.");
        }
    }
}
