using System.Text.Json.Serialization;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.Messenger;

/// <summary>This feature's wire types, read and written by generated code (see <see cref="WireJson"/>).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = WireJson.Naming, NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(MessengerCreateInviteRequest))]
[JsonSerializable(typeof(MessengerInviteCreated))]
[JsonSerializable(typeof(MessengerInviteList))]
[JsonSerializable(typeof(MessengerJoinPreview))]
[JsonSerializable(typeof(MessengerMessage))]
[JsonSerializable(typeof(MessengerParticipant))]
[JsonSerializable(typeof(MessengerValidationError))]
internal sealed partial class MessengerJson : JsonSerializerContext;
