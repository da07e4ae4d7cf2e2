using Microsoft.AspNetCore.Authorization;

namespace InviteService.Infrastructure.Auth;

/// <summary>
/// Only the platform admin (the host app's back end: a token with the admin role) passes. A feature names a policy with
/// this requirement for a route group, with the refusal its callers read (403 <c>no_permission</c>, that title).
/// </summary>
public sealed class PlatformAdminRequirement(string refusal) : AuthorizationHandler<PlatformAdminRequirement>, IAuthorizationRequirement
{
    public string Refusal { get; } = refusal;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PlatformAdminRequirement requirement)
    {
        if (Caller.FromPrincipal(context.User)?.IsPlatformAdmin == true) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, requirement.Refusal));
        return Task.CompletedTask;
    }
}
