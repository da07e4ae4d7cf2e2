using System.Net;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Errors;
using InviteService.Tests.Support;
using MediatR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Infrastructure;

/// <summary>The check every test service runs: an answer the document does not describe fails the request that got it.</summary>
public sealed class ContractConformanceTests
{
    private static readonly Error Undocumented = new("teapot", "Refused in a way the contract never mentions", ErrorKind.Forbidden);

    /// <summary>Makes the preview refuse with a 403, which GET /invites/{code} does not document.</summary>
    private sealed class RefusePreviews : IPipelineBehavior<PreviewInvite.Query, Result<ResolvedCode>>
    {
        public Task<Result<ResolvedCode>> Handle(
            PreviewInvite.Query request, CancellationToken cancellationToken, RequestHandlerDelegate<Result<ResolvedCode>> next) =>
            Task.FromResult<Result<ResolvedCode>>(Undocumented);
    }

    [Fact]
    public async Task An_answer_with_a_status_the_document_does_not_list_fails_the_request()
    {
        await using var app = new InviteApp();
        var broken = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddScoped<IPipelineBehavior<PreviewInvite.Query, Result<ResolvedCode>>, RefusePreviews>()));

        var violation = await Should.ThrowAsync<ContractViolationException>(() => broken.CreateClient().GetAsync("/invites/AnyCode23"));

        violation.Message.ShouldContain("GET /invites/AnyCode23 answered 403, which the document does not list");
    }

    [Fact]
    public async Task Documented_answers_pass_and_unknown_routes_are_left_alone()
    {
        await using var app = new InviteApp();

        (await app.As(null).GetAsync("/invites/AnyCode23")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As(null).GetAsync("/no/such/route")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
