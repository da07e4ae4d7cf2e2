namespace InviteService.Infrastructure.Errors;

/// <summary>
/// Writes a cross-cutting failure in the face's error shape: problem+json with an <c>error</c> code on the
/// Hearth face; <c>{"message", "errors"}</c> on the Messenger face (422 for validation, as its clients expect).
/// </summary>
public static class ErrorWriter
{
    public static Task WriteAsync(HttpContext context, HttpProblem problem) =>
        Faces.Of(context) == Face.Messenger
            ? Messenger(problem).ExecuteAsync(context)
            : Hearth(problem).ExecuteAsync(context);

    public static IResult Hearth(HttpProblem problem)
    {
        var extensions = new Dictionary<string, object?> { ["error"] = problem.Code };
        if (problem.Errors is not null)
        {
            extensions["errors"] = problem.Errors;
        }

        return TypedResults.Problem(statusCode: problem.Status, title: problem.Title, extensions: extensions);
    }

    /// <summary>The Hearth face's problem+json for a handler's <see cref="Error"/>.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Hearth(Error error) =>
        TypedResults.Problem(
            statusCode: error.Status,
            title: error.Title,
            extensions: new Dictionary<string, object?> { ["error"] = error.Code });

    public static IResult Messenger(HttpProblem problem)
    {
        if (problem.Code == "validation_failed")
        {
            var errors = problem.Errors ?? new Dictionary<string, string[]>();
            return TypedResults.Json(new MessengerValidationError(MessengerMessage(errors), errors), statusCode: 422);
        }

        var message = problem.Status switch
        {
            401 => "Unauthenticated.",
            404 => "Not Found.",
            413 => "The request body is too large.",
            415 => "The request body must be application/json.",
            429 => "Too Many Attempts.",
            >= 500 => "Server Error",
            _ => problem.Title + ".",
        };
        return TypedResults.Json(new MessengerError(message), statusCode: problem.Status);
    }

    /// <summary>Laravel's summary line: the first message, and how many more there are.</summary>
    private static string MessengerMessage(IDictionary<string, string[]> errors)
    {
        var all = errors.Values.SelectMany(v => v).ToList();
        if (all.Count == 0) return "The given data was invalid.";
        return all.Count == 1 ? all[0] : $"{all[0]} (and {all.Count - 1} more error{(all.Count == 2 ? "" : "s")})";
    }
}

public sealed record MessengerError(string Message);

public sealed record MessengerValidationError(string Message, IDictionary<string, string[]> Errors);
