using FluentValidation;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Validation;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Webhooks;

/// <summary>The rules a subscription's fields follow, for create and update alike.</summary>
public static class WebhookRules
{
    /// <summary>An absolute http(s) URL; while private targets are blocked, not one whose host is a non-public address.</summary>
    public static IRuleBuilderOptions<T, string?> WebhookUrl<T>(this IRuleBuilder<T, string?> rule, WebhookOptions options) =>
        rule.NotEmpty().WithMessage(UrlMessage).HttpUrl().WithMessage(UrlMessage)
            .Must(url => !options.BlockPrivateTargets || url is null || !PublicAddresses.IsPrivateLiteral(url))
            .WithMessage("url must not point to a private, loopback or otherwise non-public address (Webhooks:BlockPrivateTargets).");

    private const string UrlMessage = "url must be an absolute https:// or http:// URL.";

    /// <summary>A server id is at most this long, as a user id is.</summary>
    public const int MaxServerIdLength = Caller.MaxIdLength;

    /// <summary>
    /// A server's id, as servers have them (a UUID today): at most <see cref="MaxServerIdLength"/> characters, none of them a
    /// space or a control character. Null or <c>""</c> is every server. Whether such a server exists is not asked: a
    /// subscription may outlive its server, or be made before it.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> WebhookServerId<T>(this IRuleBuilder<T, string?> rule)
    {
        var message = $"server_id must be a server's id: at most {MaxServerIdLength} characters, no spaces or control characters (\"\" for every server).";
        return rule.MaximumLength(MaxServerIdLength).WithMessage(message)
            .Must(id => id is null || id.All(c => !char.IsControl(c) && !char.IsWhiteSpace(c))).WithMessage(message);
    }

    public static IRuleBuilderOptions<T, string?> WebhookEvent<T>(this IRuleBuilder<T, string?> rule)
    {
        var message = $"events are: {string.Join(", ", EventCatalogue.Names)}.";
        return rule.NotNull().WithMessage(message).OneOf(EventCatalogue.Names).WithMessage(message);
    }
}
