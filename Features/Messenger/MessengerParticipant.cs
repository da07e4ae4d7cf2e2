using InviteService.Features.SharedKernel;

namespace InviteService.Features.Messenger;

/// <summary>
/// The participant a join creates, with its permission flags (<c>admin</c> is MANAGE_SERVER); <c>pending</c> while it waits
/// for an admin to approve the join request (an approval link).
/// </summary>
public sealed record MessengerParticipant(
    bool AddParticipants, bool ManageInvites, bool Admin, string? DeletedAt, bool Pending, bool StartCalls, bool SendKnocks, bool SendMessages,
    string OwnerId, string OwnerType, string ThreadId, string Id, string UpdatedAt, string CreatedAt, MessengerParticipantOwner Owner)
{
    public static MessengerParticipant From(MemberRow m, MessengerOptions o, bool pending = false)
    {
        bool Has(Permission p) => (m.Permissions & (long)p) != 0;
        return new(
            Has(Permission.AddParticipants), Has(Permission.ManageInvites), Has(Permission.ManageServer), null, pending,
            Has(Permission.StartCalls), Has(Permission.SendKnocks), Has(Permission.SendMessages),
            m.UserId, o.OwnerType, m.ServerId, m.Id, MessengerTime.Micro(m.UpdatedAt), MessengerTime.Micro(m.JoinedAt),
            new MessengerParticipantOwner(m.UserId, m.UserName, m.UserAvatar, MessengerTime.Micro(m.UserCreatedAt), MessengerTime.Micro(m.UserUpdatedAt)));
    }
}

public sealed record MessengerParticipantOwner(string Id, string Name, string? Avatar, string CreatedAt, string UpdatedAt);
