using System.Text.Json.Serialization;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.Webhooks;

/// <summary>This feature's wire types, read and written by generated code (see <see cref="WireJson"/>).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = WireJson.Naming, NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(WebhookDeliveryResponse[]))]
[JsonSerializable(typeof(WebhookPatch))]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(WebhookResponse[]))]
[JsonSerializable(typeof(WebhookSecretResponse))]
internal sealed partial class WebhooksJson : JsonSerializerContext;
