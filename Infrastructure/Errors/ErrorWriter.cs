using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Infrastructure.Errors;

/// <summary>
/// Writes a failure decided outside a handler in the shape of the face that owns the path (<see cref="IErrorShape"/>);
/// everywhere else in the service's own shape, RFC 7807 problem+json with the stable <c>error</c> code.
/// </summary>
public static class ErrorWriter
{
    public static Task WriteAsync(HttpContext context, HttpProblem problem) =>
        (ShapeOf(context)?.Write(problem) ?? Problem(problem)).ExecuteAsync(context);

    /// <summary>The face that owns the request's path, if any; the service's own shape otherwise.</summary>
    public static IErrorShape? ShapeOf(HttpContext context) =>
        context.RequestServices.GetServices<IErrorShape>().FirstOrDefault(s => s.Owns(context));

    public static ProblemHttpResult Problem(HttpProblem problem)
    {
        var extensions = new Dictionary<string, object?> { ["error"] = problem.Code };
        if (problem.Errors is not null)
        {
            extensions["errors"] = problem.Errors;
        }

        return TypedResults.Problem(statusCode: problem.Status, title: problem.Title, extensions: extensions);
    }

    /// <summary>problem+json for a handler's <see cref="Error"/>: its status, title and code.</summary>
    public static ProblemHttpResult Problem(Error error) =>
        TypedResults.Problem(
            statusCode: error.Status,
            title: error.Title,
            extensions: new Dictionary<string, object?> { ["error"] = error.Code });
}
