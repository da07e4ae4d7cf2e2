using InviteService.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Infrastructure.Errors;

/// <summary>
/// A handler's <see cref="Result{T}"/> as an answer in the service's own error shape: a typed success, or RFC 7807
/// problem+json with the stable <c>error</c> code. Every route but a face with a shape of its own answers this way.
/// </summary>
public static class ProblemResults
{
    public static Results<Ok<TOut>, ProblemHttpResult> ToOk<T, TOut>(this Result<T> result, Func<T, TOut> map) =>
        result.IsSuccess ? TypedResults.Ok(map(result.Value!)) : ErrorWriter.Problem(result.Error!);

    /// <summary>A page of a list as a JSON array, with the next page's <c>Link</c> (<see cref="PagedOk{TValue}"/>).</summary>
    public static Results<PagedOk<TOut[]>, ProblemHttpResult> ToPage<T, TOut>(this Result<Page<T>> result, Func<T, TOut> map) =>
        result.ToPage(page => page, map);

    /// <summary>The page that <paramref name="page"/> picks out of a result, as <see cref="ToPage{T, TOut}(Result{Page{T}}, Func{T, TOut})"/>.</summary>
    public static Results<PagedOk<TOut[]>, ProblemHttpResult> ToPage<T, TItem, TOut>(this Result<T> result, Func<T, Page<TItem>> page, Func<TItem, TOut> map) =>
        result.IsSuccess ? PagedOk.Array(page(result.Value!), map) : ErrorWriter.Problem(result.Error!);

    public static Results<Created<TOut>, ProblemHttpResult> ToCreated<T, TOut>(this Result<T> result, Func<T, string> location, Func<T, TOut> map) =>
        result.IsSuccess ? TypedResults.Created(location(result.Value!), map(result.Value!)) : ErrorWriter.Problem(result.Error!);

    public static Results<NoContent, ProblemHttpResult> ToNoContent<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.NoContent() : ErrorWriter.Problem(result.Error!);

    /// <summary>Documents the problem+json answers an endpoint can give, so the OpenAPI document lists them.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
