namespace InviteService.Features.Members;

/// <summary>Whether a voice disconnect removed the member: <c>temporary_without_role</c>, or why not (<c>not_temporary</c>, <c>has_role</c>).</summary>
public sealed record VoiceDisconnectResponse(string UserId, bool Removed, string Reason);
