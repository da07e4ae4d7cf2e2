using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;

namespace InviteService.Infrastructure.Errors;

/// <summary>
/// The one place exceptions become responses: invalid input (from the validation filter, or a body too large, not JSON or unreadable) is a
/// 4xx in the face's shape; a store that cannot take the request for now is a 503 with Retry-After; anything else is
/// logged with its cause and answered as a bare 500.
/// </summary>
public sealed class ExceptionHandler(ILogger<ExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException v => Problems.Validation(v.Errors
                .GroupBy(e => FieldName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            BadHttpRequestException b => FromBadRequest(b),
            Database.StoreUnavailableException => Problems.Unavailable,
            _ => null,
        };

        if (problem == Problems.Unavailable)
        {
            logger.LogWarning(exception, "The database could not take {Method} {Route}; answered 503", context.Request.Method, Http.RequestLogging.SafePath(context));
            context.Response.Headers.RetryAfter = "1";
        }
        else if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Route}", context.Request.Method, Http.RequestLogging.SafePath(context));
            problem = Problems.Internal;
        }
        else
        {
            logger.LogInformation("Refused {Method} {Route}: {Status} {Code}", context.Request.Method, Http.RequestLogging.SafePath(context), problem.Status, problem.Code);
        }

        context.Response.StatusCode = problem.Status;
        await ErrorWriter.WriteAsync(context, problem);
        return true;
    }

    /// <summary>What the framework or a body refused before any validator: too large, not JSON, or unreadable.</summary>
    private static HttpProblem FromBadRequest(BadHttpRequestException exception) => exception.StatusCode switch
    {
        413 => Problems.PayloadTooLarge,
        415 => Problems.UnsupportedMediaType,
        _ => Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["The request body could not be read."] }),
    };

    /// <summary>"roles[2]" is reported as the field "roles".</summary>
    private static string FieldName(string property)
    {
        var bracket = property.IndexOf('[');
        return bracket > 0 ? property[..bracket] : property;
    }
}
