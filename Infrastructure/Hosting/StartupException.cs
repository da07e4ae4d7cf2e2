namespace InviteService.Infrastructure.Hosting;

/// <summary>A start-up check that failed, with the message a self-hoster needs (which setting or path, and what to do).</summary>
public sealed class StartupException(string message) : Exception(message);
