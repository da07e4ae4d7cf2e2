namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// The <c>data</c> of one kind of webhook event: a record whose JSON (snake_case) is what receivers get. Each feature
/// declares the events of its own changes; <see cref="Outbox"/> takes nothing else.
/// </summary>
public interface IWebhookEvent
{
    /// <summary>The event type subscriptions name, such as <c>invite.created</c>.</summary>
    static abstract string Type { get; }

    /// <summary>The server the change happened in, for subscriptions to one server; null for none.</summary>
    string? ServerId { get; }
}
