namespace InviteService.Features.Invites;

/// <summary>Whether a code admits anyone now, and if not, the first reason why, in the order a join checks them.</summary>
public enum CodeState
{
    Usable,
    Deleted,
    Paused,
    Expired,
    UsedUp,
}
