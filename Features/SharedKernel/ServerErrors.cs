using InviteService.Infrastructure.Errors;

namespace InviteService.Features.SharedKernel;

/// <summary>Outcomes of finding a server or channel, shared by every area that works inside one.</summary>
public static class ServerErrors
{
    public static readonly Error UnknownServer = new("not_found", "Unknown server", ErrorKind.NotFound);
    public static readonly Error UnknownChannel = new("not_found", "Unknown channel", ErrorKind.NotFound);
}
