using System.Text.Json.Serialization;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.Hearth;

/// <summary>This feature's wire types, read and written by generated code (see <see cref="WireJson"/>).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = WireJson.Naming, NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(CreateInviteRequest))]
[JsonSerializable(typeof(HearthInvite))]
[JsonSerializable(typeof(HearthInviteJoin[]))]
[JsonSerializable(typeof(HearthInvitePreview))]
[JsonSerializable(typeof(HearthInvitesRevoked))]
[JsonSerializable(typeof(HearthJoinPending))]
[JsonSerializable(typeof(HearthJoinsRemoved))]
[JsonSerializable(typeof(HearthListedInvite[]))]
[JsonSerializable(typeof(HearthServer))]
[JsonSerializable(typeof(RemoveJoinsRequest))]
internal sealed partial class HearthJson : JsonSerializerContext;
