using FluentValidation;

namespace InviteService.Features.Servers;

/// <summary>
/// <c>raid_protection</c> of PATCH /servers/{id}: when <see cref="MaxJoins"/> direct joins have come in the last
/// <see cref="PerSeconds"/> seconds, the next join is refused and pauses the server's invites for <see cref="PauseMinutes"/>
/// minutes. All three are needed; <c>null</c> instead of the object turns the brake off.
/// </summary>
public sealed record RaidProtectionRequest(int? MaxJoins, int? PerSeconds, int? PauseMinutes)
{
    public const int MinJoins = 2, MaxJoinsLimit = 1000;
    public const int MinSeconds = 10, MaxSeconds = 3600;
    public const int MinPauseMinutes = 1, MaxPauseMinutes = 1440;

    public sealed class Validator : AbstractValidator<RaidProtectionRequest>
    {
        public Validator()
        {
            RuleFor(r => r.MaxJoins).NotNull().InclusiveBetween(MinJoins, MaxJoinsLimit)
                .WithMessage($"max_joins must be {MinJoins} to {MaxJoinsLimit}.");
            RuleFor(r => r.PerSeconds).NotNull().InclusiveBetween(MinSeconds, MaxSeconds)
                .WithMessage($"per_seconds must be {MinSeconds} to {MaxSeconds}.");
            RuleFor(r => r.PauseMinutes).NotNull().InclusiveBetween(MinPauseMinutes, MaxPauseMinutes)
                .WithMessage($"pause_minutes must be {MinPauseMinutes} to {MaxPauseMinutes}.");
        }
    }
}
