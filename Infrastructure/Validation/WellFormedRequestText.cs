using FluentValidation;
using FluentValidation.Results;
using InviteService.Infrastructure.Errors;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// The path and query of every request hold well-formed text (<see cref="TextRules.IsWellFormed"/>), before any route
/// sees them: a NUL (<c>%00</c>) would otherwise reach a store as part of an id, where PostgreSQL fails on it. A path
/// with one names nothing: 404, as an unknown id is. A query parameter with one is refused by name, in the face's
/// validation shape, as a bad body field is. (Kestrel already refuses <c>%00</c> in a path with a bare 400; this holds
/// behind any other server too.) JSON bodies are judged field by field by <see cref="JsonBody"/>.
/// </summary>
public static class WellFormedRequestText
{
    /// <summary>Where a query parameter's name is itself not text, the failure is named this.</summary>
    public const string QueryField = "query";

    public static IApplicationBuilder UseWellFormedRequestText(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!TextRules.IsWellFormed(context.Request.PathBase.Value + context.Request.Path.Value))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await ErrorWriter.WriteAsync(context, Problems.NotFound);
                return;
            }

            var failures = context.Request.Query
                .Where(p => !TextRules.IsWellFormed(p.Key) || p.Value.Any(v => v is not null && !TextRules.IsWellFormed(v)))
                .Select(p => new ValidationFailure(TextRules.IsWellFormed(p.Key) ? p.Key : QueryField, TextRules.NotWellFormed))
                .ToList();
            if (failures.Count > 0) throw new ValidationException(failures);

            await next(context);
        });
}
