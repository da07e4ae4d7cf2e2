using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// Caps request bodies (16 KB by default). A declared Content-Length over the cap is refused before reading;
/// a chunked body is capped by the server's own limit feature, whose overflow surfaces as a 413 BadHttpRequestException.
/// </summary>
public static class BodyLimit
{
    public const long DefaultBytes = 16 * 1024;

    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > maxBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await ErrorWriter.WriteAsync(context, Problems.PayloadTooLarge);
                return;
            }

            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = maxBytes;
            }

            await next(context);
        });
}
