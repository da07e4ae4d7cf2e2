using FluentValidation;
using InviteService.Infrastructure;

namespace InviteService.Features.Invites;

// The wire shapes of the Hearth face (seeds/hearth-invites-api.md): what its module reads and writes, and nothing else.

/// <summary>Body of POST /channels/{id}/invites; every field optional, an empty body means all defaults.</summary>
public sealed record CreateInviteRequest(
    [property: System.ComponentModel.DataAnnotations.Range(0, CreateInviteRequest.MaxAgeLimit)] int? MaxAge = null,
    [property: System.ComponentModel.DataAnnotations.Range(0, CreateInvite.MaxUsesLimit)] int? MaxUses = null,
    bool? Temporary = null)
{
    public const int MaxAgeLimit = 604_800;
    public const int DefaultMaxAge = 86_400;

    public static readonly CreateInviteRequest Defaults = new(null, null, null);

    /// <summary><c>max_age</c> seconds from now (default one day, 0 = never).</summary>
    public DateTimeOffset? ExpiresAt(DateTimeOffset now) => (MaxAge ?? DefaultMaxAge) is var age and > 0 ? now.AddSeconds(age) : null;

    /// <summary>The Hearth wire rules, with the field names the seed uses.</summary>
    public sealed class Validator : AbstractValidator<CreateInviteRequest>
    {
        public Validator()
        {
            RuleFor(r => r.MaxAge).InclusiveBetween(0, MaxAgeLimit)
                .OverridePropertyName("max_age").WithMessage($"max_age must be between 0 and {MaxAgeLimit} seconds.");
            RuleFor(r => r.MaxUses).InclusiveBetween(0, CreateInvite.MaxUsesLimit)
                .OverridePropertyName("max_uses").WithMessage($"max_uses must be between 0 and {CreateInvite.MaxUsesLimit}.");
        }
    }
}

/// <summary>The seed's invite object, as returned by create.</summary>
public sealed record HearthInvite(
    string Code, string GuildId, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt)
{
    public static HearthInvite From(InviteRow i) =>
        new(i.Code, i.ServerId, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt));
}

/// <summary>GET /invites/{code}: the invite with its guild and channel; no inviter, since anyone may look.</summary>
public sealed record HearthInvitePreview(
    string Code, string GuildId, string ChannelId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt,
    HearthInviteGuild Guild, HearthInviteChannel Channel)
{
    public static HearthInvitePreview From(PreviewInvite.Preview p)
    {
        var i = p.Invite;
        return new(i.Code, i.ServerId, i.ChannelId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt),
            new HearthInviteGuild(p.Server.Id, p.Server.Name, p.Server.IconUrl, p.Server.MemberCount),
            new HearthInviteChannel(p.Channel.Id, p.Channel.Name, p.Channel.Type));
    }
}

public sealed record HearthInviteGuild(string Id, string Name, string? IconUrl, long MemberCount);

public sealed record HearthInviteChannel(string Id, string Name, string Type);

/// <summary>An element of GET /servers/{id}/invites.</summary>
public sealed record HearthListedInvite(
    string Code, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt)
{
    public static HearthListedInvite From(InviteRow i) =>
        new(i.Code, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt));
}

public sealed record HearthInviteJoin(string UserId, string Name, string JoinedAt, bool StillMember)
{
    public static HearthInviteJoin From(ListInviteJoins.JoinRow j) => new(j.UserId, j.Name, Time.Rfc3339(j.JoinedAt), j.StillMember);
}

/// <summary><c>vanity_code_active</c>: the server's vanity code, which revoke-all leaves alone, still admits joins.</summary>
public sealed record HearthInvitesRevoked(long Revoked, bool VanityCodeActive);
