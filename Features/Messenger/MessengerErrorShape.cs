using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Messenger;

/// <summary>
/// Failures on the Messenger face's paths, the way that API's (Laravel) clients expect them: <c>{"message"}</c>, and 422
/// <c>{"message", "errors"}</c> for validation, every failing field named.
/// </summary>
public sealed class MessengerErrorShape : IErrorShape
{
    public const string Prefix = "/api/messenger";

    public bool Owns(HttpContext context) => context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public IResult Write(HttpProblem problem)
    {
        if (problem.Code == Problems.ValidationCode) return Invalid(problem.Errors ?? new Dictionary<string, string[]>());

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
        return TypedResults.Json(new MessengerMessage(message), statusCode: problem.Status);
    }

    /// <summary>422 <c>{"message", "errors"}</c>: every failing field named, as Laravel answers invalid input.</summary>
    public static JsonHttpResult<MessengerValidationError> Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Json(new MessengerValidationError(Summary(errors), errors), statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// A value of the wrong JSON type breaks the field's type rule, and gets that rule's Laravel message, in the wording of
    /// this face's other messages (Laravel's before version 10): <c>uses: "many"</c> is "The uses must be an integer.".
    /// </summary>
    public string? WrongType(string field, Type expected) => (Nullable.GetUnderlyingType(expected) ?? expected) switch
    {
        var t when t == typeof(int) || t == typeof(long) => $"The {field} must be an integer.",
        var t when t == typeof(bool) => $"The {field} field must be true or false.",
        var t when t == typeof(string) => $"The {field} must be a string.",
        var t when t.IsArray => $"The {field} must be an array.",
        _ => null,
    };

    /// <summary>Laravel's summary line: the first message, and how many more there are.</summary>
    private static string Summary(IDictionary<string, string[]> errors)
    {
        var all = errors.Values.SelectMany(v => v).ToList();
        if (all.Count == 0) return "The given data was invalid.";
        return all.Count == 1 ? all[0] : $"{all[0]} (and {all.Count - 1} more error{(all.Count == 2 ? "" : "s")})";
    }
}

public sealed record MessengerValidationError(string Message, IDictionary<string, string[]> Errors);
