namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// With a proxy configured, the connection is to the proxy, not the target, so the target is judged here: every address
/// its host resolves to must be public (<see cref="PublicAddresses"/>), or the request does not go out.
/// </summary>
public sealed class PublicTargetHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.IdnHost;
        var addresses = await PublicAddresses.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0 || !addresses.All(PublicAddresses.IsPublic))
        {
            throw new HttpRequestException($"{host} is not a public address (Webhooks:BlockPrivateTargets)");
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
