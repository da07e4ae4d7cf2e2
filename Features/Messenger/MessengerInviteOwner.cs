using InviteService.Features.Invites;

namespace InviteService.Features.Messenger;

/// <summary>The <c>owner</c> block of an invite: its creator, with the <c>base</c> record and avatar sets.</summary>
public sealed record MessengerInviteOwner(
    string Name, string? Route, string ProviderId, string ProviderAlias, MessengerOwnerBase Base, MessengerAvatarSet ApiAvatar, MessengerAvatarSet Avatar)
{
    public static MessengerInviteOwner From(InviteRow i) => new(
        i.InviterName, null, i.InviterId, "user",
        new MessengerOwnerBase(i.InviterId, i.InviterName, i.InviterAvatar, MessengerTime.Micro(i.InviterCreatedAt), MessengerTime.Micro(i.InviterUpdatedAt)),
        MessengerAvatarSet.For(MessengerErrorShape.Prefix, i.InviterId, i.InviterAvatar),
        MessengerAvatarSet.For("", i.InviterId, i.InviterAvatar));
}

public sealed record MessengerOwnerBase(string Id, string Name, string? Avatar, string CreatedAt, string UpdatedAt);
