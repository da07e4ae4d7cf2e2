using System.Data.Common;
using Dapper;
using InviteService.Infrastructure.Errors;

namespace InviteService.Features.Invites;

/// <summary>
/// A server's rules for the invites created in it, on either face: ceilings on lifetime and uses, whether an invite may
/// never expire, and the lifetime of an invite whose body leaves it out. Existing invites are not judged again.
/// </summary>
/// <param name="MaxAgeCeiling">Seconds; an invite that expires must expire within this long. Null: no ceiling.</param>
/// <param name="AllowNeverExpiring">Whether an invite may never expire (independent of the ceiling, which bounds invites that expire).</param>
/// <param name="MaxUsesCeiling">The most uses an invite may be limited to; while set, unlimited invites are refused. Null: no ceiling.</param>
/// <param name="DefaultMaxAge">Seconds an invite lives when its body leaves the lifetime out, cut to the ceiling. Null: the face's own default.</param>
public sealed record InvitePolicy(long? MaxAgeCeiling, bool AllowNeverExpiring, long? MaxUsesCeiling, long? DefaultMaxAge)
{
    /// <summary>No ceilings, never-expiring invites allowed, the faces' own default lifetime.</summary>
    public static InvitePolicy Default { get; } = new(null, true, null, null);

    /// <summary>The highest ceiling and default lifetime a server may set: 365 days (a Messenger date may lie that far ahead).</summary>
    public const int MaxAgeLimit = 31_536_000;

    /// <summary>
    /// What an invite gets when its body leaves a field out, under this policy: the lifetime is <see cref="DefaultMaxAge"/>
    /// when set, else the face's <paramref name="faceExpiresAt"/>; a finite one is cut to the ceiling. Unlimited uses become
    /// the uses ceiling when one is set. What the body gave is left as it is, to be judged.
    /// </summary>
    public (int MaxUses, DateTimeOffset? ExpiresAt) Fill(
        int maxUses, bool maxUsesLeftOut, DateTimeOffset? faceExpiresAt, bool lifetimeLeftOut, DateTimeOffset now)
    {
        var expiresAt = faceExpiresAt;
        if (lifetimeLeftOut)
        {
            if (DefaultMaxAge is { } age) expiresAt = now.AddSeconds(age);
            if (expiresAt is { } at && MaxAgeCeiling is { } ceiling && at > now.AddSeconds(ceiling)) expiresAt = now.AddSeconds(ceiling);
        }

        if (maxUsesLeftOut && maxUses == 0 && MaxUsesCeiling is { } usesCeiling) maxUses = (int)usesCeiling;
        return (maxUses, expiresAt);
    }

    /// <summary>Every rule an invite of <paramref name="maxUses"/> uses expiring at <paramref name="expiresAt"/> breaks, created at <paramref name="now"/>.</summary>
    public IReadOnlyList<Breach> Judge(int maxUses, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var breaches = new List<Breach>();
        if (expiresAt is null && !AllowNeverExpiring) breaches.Add(new Breach(Rule.NeverExpiringNotAllowed, MaxAgeCeiling));
        if (expiresAt is { } at && MaxAgeCeiling is { } ceiling && at > now.AddSeconds(ceiling)) breaches.Add(new Breach(Rule.MaxAgeAboveCeiling, ceiling));
        if (MaxUsesCeiling is { } uses && maxUses > uses) breaches.Add(new Breach(Rule.MaxUsesAboveCeiling, uses));
        if (MaxUsesCeiling is { } limit && maxUses == 0) breaches.Add(new Breach(Rule.UnlimitedUsesNotAllowed, limit));
        return breaches;
    }

    /// <summary>The rules of a policy, as each face names them to its clients.</summary>
    public enum Rule
    {
        /// <summary>The lifetime is longer than the ceiling (<see cref="Breach.Limit"/> seconds).</summary>
        MaxAgeAboveCeiling,

        /// <summary>The invite would never expire, which the server does not allow (<see cref="Breach.Limit"/>: the age ceiling, if any).</summary>
        NeverExpiringNotAllowed,

        /// <summary>More uses than the ceiling (<see cref="Breach.Limit"/>).</summary>
        MaxUsesAboveCeiling,

        /// <summary>Unlimited uses while a ceiling (<see cref="Breach.Limit"/>) is set.</summary>
        UnlimitedUsesNotAllowed,
    }

    /// <summary>One rule broken, and the limit it states.</summary>
    public sealed record Breach(Rule Rule, long? Limit)
    {
        /// <summary>Whether the rule is about the lifetime (else about the uses).</summary>
        public bool IsAboutLifetime => Rule is Rule.MaxAgeAboveCeiling or Rule.NeverExpiringNotAllowed;
    }

    /// <summary>The invite is outside its server's policy: the rules it broke, for the face to name the fields and the limits.</summary>
    public sealed class Refusal(IReadOnlyList<Breach> breaches)
        : Error("validation_failed", "The invite is outside the server's invite policy", ErrorKind.BadRequest)
    {
        public IReadOnlyList<Breach> Breaches { get; } = breaches;
    }

    /// <summary>The policy of server <c>@ServerId</c>.</summary>
    public static async Task<InvitePolicy> LoadAsync(DbConnection connection, string serverId, DbTransaction? transaction = null) =>
        (await connection.QuerySingleAsync<Row>(Sql.ByServer, new { ServerId = serverId }, transaction)).ToPolicy();

    /// <summary>A policy as stored: read through settable properties, so 0/1 reads as a bool on both stores.</summary>
    public sealed class Row
    {
        public long? MaxAgeCeiling { get; set; }
        public bool AllowNeverExpiring { get; set; }
        public long? MaxUsesCeiling { get; set; }
        public long? DefaultMaxAge { get; set; }

        public InvitePolicy ToPolicy() => new(MaxAgeCeiling, AllowNeverExpiring, MaxUsesCeiling, DefaultMaxAge);
    }

    /// <summary>Columns of a server <c>s</c>'s policy, for <see cref="Row"/>.</summary>
    public const string Columns = """
        s.policy_max_age_ceiling AS MaxAgeCeiling, s.policy_allow_never_expiring AS AllowNeverExpiring,
        s.policy_max_uses_ceiling AS MaxUsesCeiling, s.policy_default_max_age AS DefaultMaxAge
        """;

    private static class Sql
    {
        public const string ByServer = $"""
            SELECT {Columns}
            FROM servers s
            WHERE s.id = @ServerId
            """;
    }
}
