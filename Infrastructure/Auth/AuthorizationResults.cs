using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace InviteService.Infrastructure.Auth;

/// <summary>A caller a policy refuses gets 403 <c>no_permission</c> in the face's error shape, titled with the policy's reason.</summary>
public sealed class AuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden) return _framework.HandleAsync(next, context, policy, authorizeResult);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message;
        return ErrorWriter.WriteAsync(context, Problems.Forbidden(reason ?? CommonErrors.NoPermission.Title));
    }
}
