namespace InviteService.Features.Messenger;

public sealed record MessengerAvatarSet(string Sm, string Md, string Lg)
{
    /// <summary>Sized avatar paths under a prefix; an avatar given as a URL is used as it is.</summary>
    public static MessengerAvatarSet For(string prefix, string userId, string? avatar)
    {
        if (avatar is not null && Uri.TryCreate(avatar, UriKind.Absolute, out _)) return new(avatar, avatar, avatar);
        var file = Uri.EscapeDataString(avatar ?? "default.png");
        var id = Uri.EscapeDataString(userId);
        return new($"{prefix}/images/user/{id}/sm/{file}", $"{prefix}/images/user/{id}/md/{file}", $"{prefix}/images/user/{id}/lg/{file}");
    }
}
