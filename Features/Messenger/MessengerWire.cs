using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Features.Members;
using InviteService.Features.Servers;
using InviteService.Infrastructure;

namespace InviteService.Features.Messenger;

// The wire shapes of seeds/messenger-invites-api.md: property order follows the seed's examples.

/// <summary>
/// POST /api/messenger/threads/{thread}/invites body: <c>uses</c> (required, 0-100, 0 = unlimited) and <c>expires</c>, a preset
/// 0-8 (never, 30 min, 1 h, 6 h, 12 h, 1 day, 1 week, 2 weeks, 1 month) or a date more than 5 minutes ahead. Numbers may
/// arrive as strings, as form-minded clients of this API send them.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record MessengerCreateInviteRequest(
    [property: System.ComponentModel.DataAnnotations.Range(0, CreateInvite.MaxUsesLimit)] int? Uses,
    [property: InviteService.Infrastructure.OpenApi.SchemaPresetOrDate(0, 8,
        "A preset 0-8 (never, 30 min, 1 h, 6 h, 12 h, 1 day, 1 week, 2 weeks, 1 month) or a date more than 5 minutes ahead; absent is never.")]
    JsonElement? Expires = null)
{
    public static readonly MessengerCreateInviteRequest Absent = new(null, null);

    /// <summary>The <c>expires</c> field read as a preset, a date, or neither (malformed).</summary>
    public sealed record Expiry(int? Preset, string? Date, bool Malformed = false);

    public Expiry? ReadExpiry() => Expires switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.Number } e => e.TryGetInt32(out var preset) ? new(preset, null) : new(null, null, Malformed: true),
        { ValueKind: JsonValueKind.String } e => int.TryParse(e.GetString(), out var preset) ? new(preset, null) : new(null, e.GetString()),
        _ => new(null, null, Malformed: true),
    };

    /// <summary>The absolute expiry of a valid request; null for never.</summary>
    public DateTimeOffset? ExpiresAt(DateTimeOffset now) => ReadExpiry() switch
    {
        { Preset: { } preset } => FromPreset(preset, now),
        { Date: { } date } when TryParseDate(date, out var at) => at,
        _ => null,
    };

    /// <summary>Preset 0-8: never, 30 min, 1 h, 6 h, 12 h, 1 day, 1 week, 2 weeks, 1 month.</summary>
    public static DateTimeOffset? FromPreset(int preset, DateTimeOffset now) => preset switch
    {
        0 => null,
        1 => now.AddMinutes(30),
        2 => now.AddHours(1),
        3 => now.AddHours(6),
        4 => now.AddHours(12),
        5 => now.AddDays(1),
        6 => now.AddDays(7),
        7 => now.AddDays(14),
        8 => now.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(preset)),
    };

    public static bool TryParseDate(string? text, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);

    /// <summary>The Messenger wire rules, with the Laravel-style messages that API's clients show.</summary>
    public sealed class Validator : AbstractValidator<MessengerCreateInviteRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(r => r.Uses).NotNull().WithMessage("The uses field is required.")
                .InclusiveBetween(0, CreateInvite.MaxUsesLimit).WithMessage($"The uses must be between 0 and {CreateInvite.MaxUsesLimit}.")
                .OverridePropertyName("uses");
            RuleFor(r => r.ReadExpiry()).Must(e => e is null || !e.Malformed)
                .WithMessage("The expires must be a preset between 0 and 8 or a date.")
                .DependentRules(() =>
                {
                    RuleFor(r => r.ReadExpiry()!.Preset).InclusiveBetween(0, 8)
                        .When(r => r.ReadExpiry()?.Preset is not null)
                        .OverridePropertyName("expires").WithMessage("The expires must be between 0 and 8.");
                    RuleFor(r => r.ReadExpiry()!.Date)
                        .Must(d => TryParseDate(d, out var at) && at > time.GetUtcNow().AddMinutes(5))
                        .When(r => r.ReadExpiry()?.Date is not null)
                        .OverridePropertyName("expires").WithMessage("The expires must be a date more than 5 minutes from now.");
                })
                .OverridePropertyName("expires");
        }
    }
}

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

public sealed record MessengerOwnerBase(string Id, string Name, string? Avatar, string CreatedAt, string UpdatedAt);

public sealed record MessengerInviteOwner(
    string Name, string? Route, string ProviderId, string ProviderAlias, MessengerOwnerBase Base, MessengerAvatarSet ApiAvatar, MessengerAvatarSet Avatar)
{
    public static MessengerInviteOwner From(InviteRow i) => new(
        i.InviterName, null, i.InviterId, "user",
        new MessengerOwnerBase(i.InviterId, i.InviterName, i.InviterAvatar, Time.Micro(i.InviterCreatedAt), Time.Micro(i.InviterUpdatedAt)),
        MessengerAvatarSet.For("/api/messenger", i.InviterId, i.InviterAvatar),
        MessengerAvatarSet.For("", i.InviterId, i.InviterAvatar));
}

/// <summary>An element of the invite list.</summary>
public sealed record MessengerInvite(
    MessengerInviteOwner Owner, string Route, string Id, string ThreadId, string OwnerType, string OwnerId, string Code,
    long MaxUse, long Uses, string? ExpiresAt, string CreatedAt, string UpdatedAt, string? DeletedAt)
{
    public static MessengerInvite From(InviteRow i, MessengerOptions o) => new(
        MessengerInviteOwner.From(i), o.JoinRoute(i.Code), i.Id, i.ServerId, o.OwnerType, i.InviterId, i.Code,
        i.MaxUses, i.Uses, Time.Micro(i.ExpiresAt), Time.Micro(i.CreatedAt), Time.Micro(i.UpdatedAt), Time.Micro(i.DeletedAt));
}

public sealed record MessengerInviteListMeta(long Total, long? MaxAllowed);

public sealed record MessengerInviteList(MessengerInvite[] Data, MessengerInviteListMeta Meta)
{
    public static MessengerInviteList From(ListInvites.Listing l, MessengerOptions o) =>
        new(l.Invites.Select(i => MessengerInvite.From(i, o)).ToArray(), new MessengerInviteListMeta(l.Invites.Count, l.MaxAllowed));
}

/// <summary>The answer to POST …/invites.</summary>
public sealed record MessengerInviteCreated(
    MessengerInviteOwner Owner, string Route, string OwnerId, string OwnerType, string Code, long MaxUse, long Uses, string? ExpiresAt,
    string ThreadId, string Id, string UpdatedAt, string CreatedAt)
{
    public static MessengerInviteCreated From(InviteRow i, MessengerOptions o) => new(
        MessengerInviteOwner.From(i), o.JoinRoute(i.Code), i.InviterId, o.OwnerType, i.Code, i.MaxUses, i.Uses, Time.Micro(i.ExpiresAt),
        i.ServerId, i.Id, Time.Micro(i.UpdatedAt), Time.Micro(i.CreatedAt));
}

public sealed record MessengerJoinOptions(bool MessengerAuth, bool InThread, string? ThreadName, bool IsValid);

/// <summary>GET /api/messenger/join/{code}: an expired or used-up invite still answers, with <c>is_valid: false</c>.</summary>
public sealed record MessengerJoinPreview(
    MessengerJoinOptions Options, string Route, string Id, string ThreadId, string OwnerType, string OwnerId, string Code,
    long MaxUse, long Uses, string? ExpiresAt, string CreatedAt, string UpdatedAt, string? DeletedAt)
{
    public static MessengerJoinPreview From(PreviewInvite.Preview p, bool signedIn, MessengerOptions o)
    {
        var i = p.Invite;
        return new(
            new MessengerJoinOptions(signedIn, p.Server.ViewerIsMember, p.IsValid ? p.Server.Name : null, p.IsValid),
            o.JoinRoute(i.Code), i.Id, i.ServerId, o.OwnerType, i.InviterId, i.Code, i.MaxUses, i.Uses,
            Time.Micro(i.ExpiresAt), Time.Micro(i.CreatedAt), Time.Micro(i.UpdatedAt), Time.Micro(i.DeletedAt));
    }
}

public sealed record MessengerParticipantOwner(string Id, string Name, string? Avatar, string CreatedAt, string UpdatedAt);

/// <summary>The participant a join creates, with its permission flags (<c>admin</c> is MANAGE_SERVER).</summary>
public sealed record MessengerParticipant(
    bool AddParticipants, bool ManageInvites, bool Admin, string? DeletedAt, bool Pending, bool StartCalls, bool SendKnocks, bool SendMessages,
    string OwnerId, string OwnerType, string ThreadId, string Id, string UpdatedAt, string CreatedAt, MessengerParticipantOwner Owner)
{
    public static MessengerParticipant From(MemberRow m, MessengerOptions o)
    {
        bool Has(Permission p) => (m.Permissions & (long)p) != 0;
        return new(
            Has(Permission.AddParticipants), Has(Permission.ManageInvites), Has(Permission.ManageServer), null, false,
            Has(Permission.StartCalls), Has(Permission.SendKnocks), Has(Permission.SendMessages),
            m.UserId, o.OwnerType, m.ServerId, m.Id, Time.Micro(m.UpdatedAt), Time.Micro(m.JoinedAt),
            new MessengerParticipantOwner(m.UserId, m.UserName, m.UserAvatar, Time.Micro(m.UserCreatedAt), Time.Micro(m.UserUpdatedAt)));
    }
}

public sealed record MessengerMessage(string Message);
