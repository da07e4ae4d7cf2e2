using System.Text.Json.Serialization;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.Members;

/// <summary>This feature's wire types, read and written by generated code (see <see cref="WireJson"/>).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = WireJson.Naming, NumberHandling = WireJson.Numbers)]
[JsonSerializable(typeof(BanRequest))]
[JsonSerializable(typeof(MemberResponse))]
[JsonSerializable(typeof(MemberResponse[]))]
[JsonSerializable(typeof(UpdateMemberRequest))]
[JsonSerializable(typeof(VoiceDisconnectResponse))]
internal sealed partial class MembersJson : JsonSerializerContext;
