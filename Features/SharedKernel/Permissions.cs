using InviteService.Infrastructure.Validation;

namespace InviteService.Features.SharedKernel;

/// <summary>Member permissions, stored as a bit set. MANAGE_SERVER implies all of them.</summary>
[Flags]
public enum Permission : long
{
    None = 0,
    ManageServer = 1 << 0,
    CreateInvite = 1 << 1,
    ManageInvites = 1 << 2,
    BanMembers = 1 << 3,
    AddParticipants = 1 << 4,
    StartCalls = 1 << 5,
    SendKnocks = 1 << 6,
    SendMessages = 1 << 7,
}

public static class Permissions
{
    public const Permission Default = Permission.CreateInvite | Permission.SendMessages;

    private static readonly (Permission Flag, string Name)[] Names =
    [
        (Permission.ManageServer, "MANAGE_SERVER"),
        (Permission.CreateInvite, "CREATE_INVITE"),
        (Permission.ManageInvites, "MANAGE_INVITES"),
        (Permission.BanMembers, "BAN_MEMBERS"),
        (Permission.AddParticipants, "ADD_PARTICIPANTS"),
        (Permission.StartCalls, "START_CALLS"),
        (Permission.SendKnocks, "SEND_KNOCKS"),
        (Permission.SendMessages, "SEND_MESSAGES"),
    ];

    public static NamedValues AllNames { get; } = new("PermissionName", Names.Select(n => n.Name).ToArray());

    public static string[] ToNames(long bits) =>
        Names.Where(n => (bits & (long)n.Flag) != 0).Select(n => n.Name).ToArray();

    public static bool IsKnown(string name) => Names.Any(n => n.Name == name);

    public static long FromNames(IEnumerable<string> names) =>
        names.Aggregate(0L, (bits, name) => bits | (long)Names.First(n => n.Name == name).Flag);
}
