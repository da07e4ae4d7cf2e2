using FluentValidation;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Webhooks;

/// <summary>The rules a subscription's fields follow, for create and update alike.</summary>
public static class WebhookRules
{
    public static IRuleBuilderOptions<T, string?> WebhookUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage(UrlMessage).HttpUrl().WithMessage(UrlMessage);

    private const string UrlMessage = "url must be an absolute https:// or http:// URL.";

    public static IRuleBuilderOptions<T, string?> WebhookEvent<T>(this IRuleBuilder<T, string?> rule)
    {
        var message = $"events are: {string.Join(", ", EventCatalogue.Names)}.";
        return rule.NotNull().WithMessage(message).OneOf(EventCatalogue.Names).WithMessage(message);
    }
}
