using Carter;
using System.Reflection;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Html;
using InviteService.Infrastructure.Http;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InviteService.Features.LandingPage;

/// <summary>Failures on the page paths answered as pages (the 404 page, the 429 page), not as JSON.</summary>
public sealed class LandingPageErrorShape : IErrorShape
{
    public bool Owns(HttpContext context) =>
        context.Request.Path.Value is { } path && LandingPageModule.PagePrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal));

    public IResult Write(HttpProblem problem) => new PageProblem(problem);

    private sealed class PageProblem(HttpProblem problem) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var options = context.RequestServices.GetRequiredService<IOptions<LandingPageOptions>>().Value;
            var links = context.RequestServices.GetRequiredService<IOptions<InviteOptions>>().Value;
            PageHeaders.Apply(context.Response, options.FrameAncestors, options.OwnImageSources);
            var model = problem.Status == StatusCodes.Status429TooManyRequests
                ? InvitePageModel.TooManyRequests(int.TryParse(context.Response.Headers.RetryAfter, out var seconds) ? seconds : 60)
                : InvitePageModel.NotFound(context.Request.Path.Value!.Split('/').Last(), links) with { Heading = problem.Status == 404 ? "This invite is invalid or has expired" : "Something went wrong" };
            return LandingPageModule.Render(model, PageBrand.From(options), problem.Status).ExecuteAsync(context);
        }
    }
}
