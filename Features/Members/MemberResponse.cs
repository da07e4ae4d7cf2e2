using System.Text.Json.Serialization;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;

namespace InviteService.Features.Members;

/// <summary>
/// A member with attribution: the invite code they joined through and who created it, and, for a member let in through an
/// approval link, who approved them (<c>approved_by</c>, only then).
/// </summary>
public sealed record MemberResponse(
    string UserId, string Name, string? Avatar, string[] Permissions, string[] Roles, bool Temporary, string JoinedAt,
    string? InviteCode, string? InviterId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApprovedBy = null)
{
    public static MemberResponse From(MemberRow m) => new(
        m.UserId, m.UserName, m.UserAvatar, SharedKernel.Permissions.ToNames(m.Permissions), m.RoleList, m.Temporary,
        Time.Rfc3339(m.JoinedAt), m.InviteCode, m.InviterId, m.ApprovedBy);
}
