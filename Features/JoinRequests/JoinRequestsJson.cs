using System.Text.Json.Serialization;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.JoinRequests;

/// <summary>This feature's wire types, read and written by generated code (see <see cref="WireJson"/>).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = WireJson.Naming, NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(DeclineJoinRequestRequest))]
[JsonSerializable(typeof(JoinRequestResponse[]))]
[JsonSerializable(typeof(JoinRequestSelection))]
[JsonSerializable(typeof(JoinRequestsApproved))]
[JsonSerializable(typeof(JoinRequestsDeclined))]
[JsonSerializable(typeof(InviteService.Features.Members.MemberResponse))]
internal sealed partial class JoinRequestsJson : JsonSerializerContext;
