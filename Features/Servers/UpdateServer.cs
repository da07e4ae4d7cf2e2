using Dapper;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Servers;

/// <summary>
/// Body of PATCH /servers/{id}. Absent fields stay as they are; <c>max_invites: 0</c> means unlimited; <c>icon_url: ""</c> and
/// <c>vanity_code: ""</c> clear; <c>invites_paused_until</c> pauses invites until that time, and <c>null</c> ends a timed
/// pause now; <c>features</c> is the platform admin's.
/// </summary>
public sealed record UpdateServerRequest(
    string? Name = null, string? IconUrl = null, int? MaxInvites = null, bool? InvitesEnabled = null, string[]? DefaultPermissions = null,
    string[]? Features = null, string? VanityCode = null)
{
    /// <summary>Left out keeps the pause as it is; a time pauses until then; <c>null</c> ends a timed pause now.</summary>
    public Settable<DateTimeOffset?> InvitesPausedUntil { get; init; }

    /// <summary>Rules for invites created from now on; left out (or <c>null</c>) keeps the policy, and each member left out keeps its value.</summary>
    public InvitePolicyRequest? InvitePolicy { get; init; }

    public sealed class Validator : AbstractValidator<UpdateServerRequest>
    {
        public Validator(TimeProvider time)
        {
            var name = $"name must be 1-{ServerRules.MaxNameLength} characters.";
            RuleFor(r => r.Name).Length(1, ServerRules.MaxNameLength).WithMessage(name)
                .Must(n => n is null || n.Trim().Length > 0).WithMessage(name)
                .PlainText();
            RuleFor(r => r.IconUrl).HttpUrl();
            RuleFor(r => r.MaxInvites).InclusiveBetween(0, ServerRules.MaxInvitesLimit)
                .WithMessage($"max_invites must be between 0 (unlimited) and {ServerRules.MaxInvitesLimit}.");
            var permissions = $"Permissions are: {string.Join(", ", Permissions.AllNames)}.";
            RuleForEach(r => r.DefaultPermissions).NotNull().WithMessage(permissions).OneOf(Permissions.AllNames).WithMessage(permissions);
            var features = $"Features are: {string.Join(", ", Vanity.KnownFeatures)}.";
            RuleForEach(r => r.Features).NotNull().WithMessage(features).OneOf(Vanity.KnownFeatures).WithMessage(features);
            RuleFor(r => r.VanityCode).Pattern(v => v.Length == 0 || Vanity.IsWellFormed(v), Vanity.SchemaPattern)
                .WithMessage($"vanity_code must be {Vanity.MinLength}-{Vanity.MaxLength} characters of a-z, 0-9 and '-' (or \"\" to clear).");
            RuleFor(r => r.InvitesPausedUntil).Must(t => t.Value is null || t.Value > time.GetUtcNow())
                .WithMessage("invites_paused_until must be in the future.")
                .Must((r, t) => !(r.InvitesEnabled == true && t.Value is not null))
                .WithMessage("invites_paused_until pauses invites; it cannot go with invites_enabled: true.");
            RuleFor(r => r.InvitePolicy).SetValidator(new InvitePolicyRequest.Validator()!);
        }
    }
}

/// <summary>
/// PATCH /servers/{id}: server settings, for MANAGE_SERVER. Absent fields stay as they are. Features are the platform
/// admin's to grant; losing VANITY_URL releases the vanity code.
/// </summary>
public static class UpdateServer
{
    /// <param name="MaxInvites">Cap on active invites; 0 means unlimited.</param>
    /// <param name="IconUrl">An empty string clears the icon.</param>
    /// <param name="InvitesPausedUntil">Pauses invites until then (invites_enabled false with an end).</param>
    /// <param name="VanityCode">An empty string clears the vanity code.</param>
    /// <param name="EndTimedPause">Ends a timed pause now (a pause without an end is ended by invites_enabled).</param>
    public sealed record Command(
        Caller Caller, string ServerId, string? Name = null, string? IconUrl = null, int? MaxInvites = null, bool? InvitesEnabled = null,
        string[]? DefaultPermissions = null, DateTimeOffset? InvitesPausedUntil = null, string[]? Features = null, string? VanityCode = null,
        bool EndTimedPause = false)
        : IRequest<Result<ServerDetails>>
    {
        /// <summary>Changes to the invite policy; null leaves it as it is.</summary>
        public PolicyChange? InvitePolicy { get; init; }
    }

    /// <summary>What changes in an invite policy: members left out (not set) keep their value; a null ceiling or default is lifted.</summary>
    public sealed record PolicyChange(Settable<long?> MaxAgeCeiling, bool? AllowNeverExpiring, Settable<long?> MaxUsesCeiling, Settable<long?> DefaultMaxAge)
    {
        public InvitePolicy ApplyTo(InvitePolicy current) => new(
            MaxAgeCeiling.IsSet ? MaxAgeCeiling.Value : current.MaxAgeCeiling,
            AllowNeverExpiring ?? current.AllowNeverExpiring,
            MaxUsesCeiling.IsSet ? MaxUsesCeiling.Value : current.MaxUsesCeiling,
            DefaultMaxAge.IsSet ? DefaultMaxAge.Value : current.DefaultMaxAge);
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<ServerDetails>>
    {
        public Task<Result<ServerDetails>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<ServerDetails>(db, time, command.Caller, command.ServerId, Permission.ManageServer, async server =>
            {
                var (connection, transaction, _, now) = server;
                if (command.Features is not null && !command.Caller.IsPlatformAdmin) return Vanity.FeaturesAreAdminOnly;

                var current = await connection.QuerySingleAsync<ServerRow>(ServerRow.ById, new { command.ServerId, Now = now }, transaction);
                var features = command.Features?.Distinct().ToArray() ?? current.FeatureList;
                var vanity = command.VanityCode switch
                {
                    null => current.VanityCode,
                    "" => null,
                    var code => code,
                };
                if (!features.Contains(Vanity.Feature))
                {
                    if (!string.IsNullOrEmpty(command.VanityCode)) return Vanity.FeatureRequired;
                    vanity = null; // losing the feature releases the code
                }
                else if (!string.IsNullOrEmpty(command.VanityCode) && command.VanityCode != current.VanityCode)
                {
                    if (Vanity.Reserved.Contains(command.VanityCode)) return Vanity.ReservedCode;
                    if (await connection.ExecuteScalarAsync<bool>(Vanity.TakenSql, new { Code = command.VanityCode, command.ServerId }, transaction))
                        return Vanity.Taken;
                }

                var pausing = command.InvitesPausedUntil is not null;
                var resuming = command.EndTimedPause && current.InvitesPausedUntil is not null;
                await connection.ExecuteAsync(Sql.Update, new
                {
                    command.ServerId,
                    Name = command.Name?.Trim(),
                    SetIcon = command.IconUrl is not null,
                    IconUrl = string.IsNullOrEmpty(command.IconUrl) ? null : command.IconUrl,
                    SetMaxInvites = command.MaxInvites is not null,
                    MaxInvites = command.MaxInvites is 0 ? null : command.MaxInvites,
                    InvitesEnabled = pausing ? false : command.InvitesEnabled ?? (resuming ? true : null),
                    SetPause = pausing || resuming || command.InvitesEnabled is not null,
                    PausedUntil = command.InvitesPausedUntil?.ToUnixTimeMilliseconds(),
                    DefaultPermissions = command.DefaultPermissions is null ? (long?)null : Permissions.FromNames(command.DefaultPermissions),
                    Features = string.Join(',', features),
                    Vanity = vanity,
                    ResetVanityUses = vanity != current.VanityCode,
                    Now = now,
                }, transaction);
                if (command.InvitePolicy is { } change)
                {
                    var policy = change.ApplyTo(await InvitePolicy.LoadAsync(connection, command.ServerId, transaction));
                    await connection.ExecuteAsync(Sql.SetPolicy, new
                    {
                        command.ServerId, policy.MaxAgeCeiling, policy.AllowNeverExpiring, policy.MaxUsesCeiling, policy.DefaultMaxAge,
                    }, transaction);
                }

                var details = await ServerDetails.LoadAsync(connection, command.ServerId, now, transaction);
                var s = details.Server;
                await Outbox.EmitAsync(connection, transaction, new ServerUpdated(
                    s.Id, s.Name, s.IconUrl, s.InvitesEnabled, Time.Rfc3339(s.InvitesPausedUntil), s.VanityCode, s.FeatureList,
                    InvitePolicyResponse.From(details.InvitePolicy)), now);
                return details;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Update = """
            UPDATE servers
            SET name = COALESCE(@Name, name),
                icon_url = CASE WHEN @SetIcon = 1 THEN @IconUrl ELSE icon_url END,
                max_invites = CASE WHEN @SetMaxInvites = 1 THEN @MaxInvites ELSE max_invites END,
                invites_enabled = COALESCE(@InvitesEnabled, invites_enabled),
                invites_paused_until = CASE WHEN @SetPause = 1 THEN @PausedUntil ELSE invites_paused_until END,
                default_permissions = COALESCE(@DefaultPermissions, default_permissions),
                features = @Features,
                vanity_code = @Vanity,
                vanity_uses = CASE WHEN @ResetVanityUses = 1 THEN 0 ELSE vanity_uses END,
                updated_at = @Now
            WHERE id = @ServerId
            """;

        public const string SetPolicy = """
            UPDATE servers
            SET policy_max_age_ceiling = @MaxAgeCeiling,
                policy_allow_never_expiring = @AllowNeverExpiring,
                policy_max_uses_ceiling = @MaxUsesCeiling,
                policy_default_max_age = @DefaultMaxAge
            WHERE id = @ServerId
            """;
    }
}
