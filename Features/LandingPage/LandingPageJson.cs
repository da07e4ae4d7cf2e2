using System.Text.Json.Serialization;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.LandingPage;

/// <summary>This feature's wire types, read and written by generated code (see <see cref="WireJson"/>).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = WireJson.Naming, NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(OEmbedLink))]
internal sealed partial class LandingPageJson : JsonSerializerContext;
