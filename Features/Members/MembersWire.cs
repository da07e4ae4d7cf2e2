using System.ComponentModel.DataAnnotations;
using InviteService.Infrastructure.OpenApi;
using InviteService.Features.Servers;
using InviteService.Infrastructure;

namespace InviteService.Features.Members;

// The wire shapes of the management routes for members and bans.

public sealed record UpdateMemberRequest(
    [property: SchemaValues(typeof(Servers.Permissions), nameof(Servers.Permissions.AllNames))] string[]? Permissions = null,
    [property: MaxLength(UpdateMember.MaxRoles)] string[]? Roles = null);

public sealed record BanRequest([property: MaxLength(BanMember.MaxReasonLength)] string? Reason = null);

/// <summary>Whether a voice disconnect removed the member: <c>temporary_without_role</c>, or why not (<c>not_temporary</c>, <c>has_role</c>).</summary>
public sealed record HearthVoiceDisconnect(string UserId, bool Removed, string Reason);

/// <summary>A member with attribution: the invite code they joined through and who created it.</summary>
public sealed record HearthMember(
    string UserId, string Name, string? Avatar, string[] Permissions, string[] Roles, bool Temporary, string JoinedAt,
    string? InviteCode, string? InviterId)
{
    public static HearthMember From(MemberRow m) => new(
        m.UserId, m.UserName, m.UserAvatar, Servers.Permissions.ToNames(m.Permissions), m.RoleList, m.Temporary,
        Time.Rfc3339(m.JoinedAt), m.InviteCode, m.InviterId);
}
