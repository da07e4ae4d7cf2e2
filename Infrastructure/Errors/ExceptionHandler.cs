using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;

namespace InviteService.Infrastructure.Errors;

/// <summary>
/// The one place exceptions become responses: invalid input (from the validation behaviour or from body binding)
/// is a 4xx in the face's shape; a store that cannot take the request for now is a 503 with Retry-After; anything else is
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

    private static HttpProblem FromBadRequest(BadHttpRequestException exception) => exception.StatusCode switch
    {
        413 => Problems.PayloadTooLarge,
        415 => Problems.UnsupportedMediaType,
        _ => Problems.Validation(new Dictionary<string, string[]>
        {
            [FieldOf(exception)] = [exception.InnerException is JsonException ? "The value is not valid for this field." : "The request body could not be read."],
        }),
    };

    /// <summary>"roles[2]" is reported as the field "roles".</summary>
    private static string FieldName(string property)
    {
        var bracket = property.IndexOf('[');
        return bracket > 0 ? property[..bracket] : property;
    }

    /// <summary>"$.max_age" from the JSON reader becomes the field "max_age"; a body that is not JSON at all is "body".</summary>
    private static string FieldOf(BadHttpRequestException exception)
    {
        var path = (exception.InnerException as JsonException)?.Path;
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
