using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Messenger;

public sealed record MessengerAvatarSet(string Sm, string Md, string Lg)
{
    /// <summary>
    /// An avatar given as an http(s) URL (<see cref="TextRules.IsHttpUrl"/>) is used as it is; any other is a file name,
    /// in sized paths of this service under a prefix (where <c>Avatars</c> answers). No other scheme is ever handed out.
    /// </summary>
    public static MessengerAvatarSet For(string prefix, string userId, string? avatar)
    {
        if (avatar is not null && TextRules.IsHttpUrl(avatar)) return new(avatar, avatar, avatar);
        var file = Uri.EscapeDataString(avatar ?? "default.png");
        var id = Uri.EscapeDataString(userId);
        return new($"{prefix}/images/user/{id}/sm/{file}", $"{prefix}/images/user/{id}/md/{file}", $"{prefix}/images/user/{id}/lg/{file}");
    }
}
