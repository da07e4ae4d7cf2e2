namespace InviteService.Infrastructure.Http;

/// <summary>
/// Told of each lookup that failed and so spent a permit of the failed-lookup limit (<see cref="FailedLookupLimiter"/>).
/// The limiter knows that a lookup failed, not what was looked up: the area that owns the codes counts them, under its own
/// name. None registered, nothing is told.
/// </summary>
public interface IFailedLookupObserver
{
    void LookupFailed();
}
