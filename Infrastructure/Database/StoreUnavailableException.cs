namespace InviteService.Infrastructure.Database;

/// <summary>The store could not take a read or write for now (it kept colliding, or could not be reached): answered 503 with Retry-After.</summary>
public sealed class StoreUnavailableException(Exception cause)
    : Exception("The database could not complete the request; try again shortly.", cause);
