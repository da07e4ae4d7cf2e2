using System.Text.Json.Serialization;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InviteService.Tests.Infrastructure;

/// <summary>Every JSON body a route reads or answers is read and written by source-generated code, not reflection (#25).</summary>
public sealed class WireJsonTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public void Every_routes_request_and_response_bodies_come_from_a_source_generated_context()
    {
        app.Start();
        var options = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var bodies = endpoints
            .SelectMany(e => e.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.Type)
                .Concat(e.Metadata.OfType<IAcceptsMetadata>().Select(a => a.RequestType)))
            .OfType<Type>()
            .Where(t => t != typeof(string) && t != typeof(void) && !typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(t))
            .Distinct()
            .ToList();

        bodies.Count.ShouldBeGreaterThan(30);
        bodies.Where(t => options.GetTypeInfo(t).OriginatingResolver is not JsonSerializerContext).Select(t => t.Name).Order().ShouldBeEmpty();
    }
}
