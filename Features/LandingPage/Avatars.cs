using System.Security.Cryptography;
using System.Text;
using Dapper;
using InviteService.Features.Servers;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.LandingPage;

/// <summary>
/// The default avatar of a user without a picture URL: their initials on a colour drawn from their id, as SVG, cached with
/// an ETag. Every avatar URL the service hands out that is not the user's own picture URL resolves here.
/// </summary>
public static class Avatars
{
    public sealed record Query(string UserId) : IRequest<Result<string>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, Result<string>>
    {
        public Task<Result<string>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<string>>(async connection =>
                await connection.QuerySingleOrDefaultAsync<string>("SELECT name FROM users WHERE id = @UserId", new { query.UserId }) is { } name
                    ? name
                    : MissingUser, cancellationToken);
    }

    public static readonly Error MissingUser = new("not_found", "Unknown user", ErrorKind.NotFound);

    /// <summary>GET /avatars/{userId}: the SVG, or 304 when the browser's copy is current, or 404 for an unknown user.</summary>
    public static async Task<IResult> ServeAsync(string userId, IMediator mediator, HttpContext context)
    {
        var name = await mediator.Send(new Query(userId), context.RequestAborted);
        if (!name.IsSuccess) return ErrorWriter.Problem(name.Error!);

        var svg = Svg(userId, name.Value!);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(svg)))[..16]}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        if (context.Request.Headers.IfNoneMatch.Contains(etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Text(svg, "image/svg+xml; charset=utf-8");
    }

    private static readonly string[] Colours = ["#0b5cad", "#8250df", "#bf3989", "#cf222e", "#9a6700", "#1a7f37", "#0969da", "#6e7781"];

    public static string Svg(string userId, string name)
    {
        var initials = System.Security.SecurityElement.Escape(InvitePageModel.Initials(name));
        var colour = Colours[SHA256.HashData(Encoding.UTF8.GetBytes(userId))[0] % Colours.Length];
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="{initials}"><rect width="128" height="128" rx="64" fill="{colour}"/><text x="64" y="64" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="52" font-weight="600" fill="#ffffff">{initials}</text></svg>
            """;
    }
}
