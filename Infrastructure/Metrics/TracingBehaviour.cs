using System.Diagnostics;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Infrastructure.Metrics;

/// <summary>
/// One span per command or query, under the request's span, named after its slice (<c>JoinInvite</c>), with what it
/// answered as <c>outcome</c>: <c>ok</c> or the refusal's code. Registered only when traces are exported.
/// </summary>
public sealed class TracingBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    /// <summary>A slice's request is a nested type (<c>JoinInvite.Command</c>): the span is named after the slice.</summary>
    private static readonly string SpanName = typeof(TRequest).DeclaringType?.Name ?? typeof(TRequest).Name;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        using var activity = ServiceMeter.Activities.StartActivity(SpanName);
        if (activity is null) return await next();
        try
        {
            var response = await next();
            activity.SetTag("outcome", response is IOutcome { Error: { } refused } ? refused.Code : "ok");
            return response;
        }
        catch (Exception ex)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}
