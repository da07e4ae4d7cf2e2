using System.Text.Json.Serialization;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.Servers;

/// <summary>This feature's wire types, read and written by generated code (see <see cref="WireJson"/>).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = WireJson.Naming, NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(CreateServerRequest))]
[JsonSerializable(typeof(CreateChannelRequest))]
[JsonSerializable(typeof(ServerResponse))]
[JsonSerializable(typeof(ChannelResponse))]
[JsonSerializable(typeof(UpdateServerRequest))]
[JsonSerializable(typeof(VanityUrlResponse))]
internal sealed partial class ServersJson : JsonSerializerContext;
