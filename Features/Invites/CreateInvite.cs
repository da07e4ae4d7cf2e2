using System.Globalization;
using Dapper;
using FluentValidation;
using InviteService.Features.Members;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Invites;

/// <summary>POST /channels/{id}/invites (Hearth) and POST /api/messenger/threads/{thread}/invites (Messenger).</summary>
public static class CreateInvite
{
    public const int MaxAgeLimit = 604_800;
    public const int DefaultMaxAge = 86_400;
    public const int MaxUsesLimit = 100;

    /// <summary>
    /// Hearth targets a channel and gives <see cref="MaxAge"/> in seconds; Messenger targets a thread (its default
    /// channel) and gives an <c>expires</c> preset or date. Exactly one expiry form is set, by the face's module.
    /// </summary>
    public sealed record Command(
        Caller Caller,
        InvitePolicy Policy,
        string? ChannelId,
        string? ServerId,
        int? MaxUses,
        bool Temporary,
        int? MaxAge = null,
        MessengerExpiry? Expires = null) : IRequest<Result<InviteRow>>;

    /// <summary>The messenger <c>expires</c> field: a preset 0-8, a date, or a value of neither kind.</summary>
    public sealed record MessengerExpiry(int? Preset, string? Date, bool Malformed = false);

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

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            When(c => c.Policy == InvitePolicy.Hearth, () =>
            {
                RuleFor(c => c.MaxAge).InclusiveBetween(0, MaxAgeLimit)
                    .OverridePropertyName("max_age").WithMessage($"max_age must be between 0 and {MaxAgeLimit} seconds.");
                RuleFor(c => c.MaxUses).InclusiveBetween(0, MaxUsesLimit)
                    .OverridePropertyName("max_uses").WithMessage($"max_uses must be between 0 and {MaxUsesLimit}.");
            });

            When(c => c.Policy == InvitePolicy.Messenger, () =>
            {
                RuleFor(c => c.MaxUses).NotNull().WithMessage("The uses field is required.")
                    .InclusiveBetween(0, MaxUsesLimit).WithMessage($"The uses must be between 0 and {MaxUsesLimit}.")
                    .OverridePropertyName("uses");
                RuleFor(c => c.Expires).Must(e => e is null || !e.Malformed)
                    .WithMessage("The expires must be a preset between 0 and 8 or a date.")
                    .DependentRules(() =>
                    {
                        RuleFor(c => c.Expires!.Preset).InclusiveBetween(0, 8)
                            .When(c => c.Expires?.Preset is not null)
                            .OverridePropertyName("expires").WithMessage("The expires must be between 0 and 8.");
                        RuleFor(c => c.Expires!.Date)
                            .Must(d => TryParseDate(d, out var at) && at > time.GetUtcNow().AddMinutes(5))
                            .When(c => c.Expires?.Date is not null)
                            .OverridePropertyName("expires").WithMessage("The expires must be a date more than 5 minutes from now.");
                    })
                    .OverridePropertyName("expires");
            });
        }
    }

    public sealed class Handler(Db db, TimeProvider time, IInviteCodeGenerator codes) : IRequestHandler<Command, Result<InviteRow>>
    {
        private const int CodeAttempts = 8;

        public Task<Result<InviteRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<InviteRow>(async (connection, transaction) =>
            {
                var now = time.GetUtcNow();
                var unixNow = now.ToUnixTimeMilliseconds();
                var target = command.ChannelId is not null
                    ? await connection.QuerySingleOrDefaultAsync<Target>(Sql.ChannelTarget, new { command.ChannelId }, transaction)
                    : await connection.QuerySingleOrDefaultAsync<Target>(Sql.DefaultChannel, new { command.ServerId }, transaction);
                if (target is null)
                {
                    return command.ChannelId is not null ? InviteErrors.UnknownChannel : InviteErrors.UnknownServer;
                }

                var access = (await ServerAccess.LoadAsync(connection, target.ServerId, command.Caller, unixNow, transaction))!;
                if (Refusal(command, access) is { } refused) return refused;

                if (access.MaxInvites is { } cap &&
                    await connection.ExecuteScalarAsync<long>(Sql.CountActive, new { target.ServerId, Now = unixNow }, transaction) >= cap)
                {
                    return InviteErrors.MaxInvites;
                }

                await Users.UpsertAsync(connection, transaction, command.Caller, unixNow);
                var id = Guid.CreateVersion7().ToString();
                var row = new
                {
                    Id = id,
                    target.ServerId,
                    target.ChannelId,
                    InviterId = command.Caller.Id,
                    MaxUses = command.MaxUses ?? 0,
                    ExpiresAt = ExpiresAt(command, now)?.ToUnixTimeMilliseconds(),
                    command.Temporary,
                    Now = unixNow,
                };
                for (var attempt = 1; ; attempt++)
                {
                    var code = codes.Next();
                    if (attempt < CodeAttempts && await connection.ExecuteScalarAsync<bool>(Sql.IsVanity, new { Code = code }, transaction))
                    {
                        continue; // vanity and invite codes are unique across both, case-insensitively
                    }

                    try
                    {
                        await connection.ExecuteAsync(Sql.Insert, new DynamicParameters(row).With("Code", code), transaction);
                        break;
                    }
                    catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == 2067 && attempt < CodeAttempts)
                    {
                        // SQLITE_CONSTRAINT_UNIQUE on the code: draw another one.
                    }
                }

                return await connection.QuerySingleAsync<InviteRow>(Sql.ById, new { Id = id }, transaction);
            });

        private static Error? Refusal(Command command, ServerAccess access)
        {
            var userId = command.Caller.Id;
            if (!access.MayCreateInvites(userId)) return InviteErrors.TemporaryCannotCreate;
            if (command.Policy == InvitePolicy.Messenger)
            {
                return access.HasAny(userId, Permission.ManageServer, Permission.ManageInvites) && access.InvitesEnabled
                    ? null
                    : InviteErrors.CannotCreate;
            }

            if (!access.Has(userId, Permission.CreateInvite)) return InviteErrors.CannotCreate;
            return access.InvitesEnabled ? null : InviteErrors.Paused;
        }

        /// <summary>Hearth: <c>max_age</c> seconds (default one day, 0 = never). Messenger: a preset or a date; absent is never.</summary>
        private static DateTimeOffset? ExpiresAt(Command command, DateTimeOffset now)
        {
            if (command.Policy == InvitePolicy.Messenger)
            {
                return command.Expires switch
                {
                    { Preset: { } preset } => FromPreset(preset, now),
                    { Date: { } date } when TryParseDate(date, out var at) => at,
                    _ => null,
                };
            }

            var maxAge = command.MaxAge ?? DefaultMaxAge;
            return maxAge == 0 ? null : now.AddSeconds(maxAge);
        }
    }

    private sealed class Target
    {
        public string ChannelId { get; set; } = "";
        public string ServerId { get; set; } = "";
    }

    private static DynamicParameters With(this DynamicParameters parameters, string name, object value)
    {
        parameters.Add(name, value);
        return parameters;
    }

    private static class Sql
    {
        public const string ChannelTarget = """
            SELECT id AS ChannelId, server_id AS ServerId
            FROM channels
            WHERE id = @ChannelId
            """;

        /// <summary>A thread's invites point at its default channel; none when the server is unknown or has no text channel.</summary>
        public const string DefaultChannel = $"""
            SELECT {ServerRow.DefaultChannelId} AS ChannelId, s.id AS ServerId
            FROM servers s
            WHERE s.id = @ServerId AND {ServerRow.DefaultChannelId} IS NOT NULL
            """;

        public const string CountActive = $"""
            SELECT COUNT(*)
            FROM invites i
            WHERE i.server_id = @ServerId
              AND {InviteRow.ActiveWhere}
            """;

        public const string IsVanity = "SELECT EXISTS (SELECT 1 FROM servers WHERE vanity_code = @Code COLLATE NOCASE)";

        public const string Insert = """
            INSERT INTO invites (id, code, server_id, channel_id, inviter_id, max_uses, uses, expires_at, temporary, created_at, updated_at)
            VALUES (@Id, @Code, @ServerId, @ChannelId, @InviterId, @MaxUses, 0, @ExpiresAt, @Temporary, @Now, @Now)
            """;

        public const string ById = $"""
            SELECT {InviteRow.Columns}
            FROM invites i
            JOIN users u ON u.id = i.inviter_id
            WHERE i.id = @Id
            """;
    }
}
