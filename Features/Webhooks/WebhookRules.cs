using FluentValidation;
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

    public static IRuleBuilderOptions<T, string?> WebhookEvent<T>(this IRuleBuilder<T, string?> rule)
    {
        var message = $"events are: {string.Join(", ", EventCatalogue.Names)}.";
        return rule.NotNull().WithMessage(message).OneOf(EventCatalogue.Names).WithMessage(message);
    }
}
