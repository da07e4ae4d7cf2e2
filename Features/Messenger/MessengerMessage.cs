namespace InviteService.Features.Messenger;

/// <summary>Every answer of this face that is only words: <c>{"message"}</c>.</summary>
public sealed record MessengerMessage(string Message);
