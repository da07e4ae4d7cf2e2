using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Infrastructure.Http;

/// <summary>Maps a handler's <see cref="Result{T}"/> to the Hearth face: a typed success, or problem+json with the error code.</summary>
public static class HearthResults
{
    public static Results<Ok<TOut>, ProblemHttpResult> ToOk<T, TOut>(this Result<T> result, Func<T, TOut> map) =>
        result.IsSuccess ? TypedResults.Ok(map(result.Value!)) : ErrorWriter.Problem(result.Error!);

    public static Results<Created<TOut>, ProblemHttpResult> ToCreated<T, TOut>(this Result<T> result, Func<T, string> location, Func<T, TOut> map) =>
        result.IsSuccess ? TypedResults.Created(location(result.Value!), map(result.Value!)) : ErrorWriter.Problem(result.Error!);

    /// <summary>Documents the problem+json answers an endpoint can give, so the OpenAPI document lists them.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    public static Results<NoContent, ProblemHttpResult> ToNoContent<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.NoContent() : ErrorWriter.Problem(result.Error!);
}
