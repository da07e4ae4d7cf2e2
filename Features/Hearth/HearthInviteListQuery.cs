using System.ComponentModel;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace InviteService.Features.Hearth;

/// <summary><c>?status=</c> of GET /servers/{id}/invites: which invites, each then with its status.</summary>
public sealed record HearthInviteListQuery
{
    // Init properties, not a positional record: see PageQuery.
    [FromQuery(Name = "status")]
    [Description("active, expired, used_up, revoked or all: the invites of that status, newest first, each with its `status`, in pages of 100 unless `limit` says otherwise. Without it, the active invites as the seed shows them, all of them unless `limit` is given.")]
    public string? Status { get; init; }

    /// <summary>The filter asked for; null without one. Call only on a query the validator accepted.</summary>
    public ListInvites.StatusFilter? Filter() => Status is null ? null : new ListInvites.StatusFilter(InviteStatuses.Parse(Status));

    public sealed class Validator : AbstractValidator<HearthInviteListQuery>
    {
        public Validator() => RuleFor(q => q.Status).OneOf(InviteStatuses.Names);
    }
}
