using FluentValidation;
using InviteService.Infrastructure.Auth;

namespace InviteService.Features.JoinRequests;

/// <summary>The applicant a route is about: /servers/{id}/join-requests/{userId}.</summary>
public sealed record JoinRequestTarget(string Id, string UserId)
{
    public sealed class Validator : AbstractValidator<JoinRequestTarget>
    {
        public Validator() =>
            RuleFor(t => t.UserId).NotEmpty().MaximumLength(Caller.MaxIdLength).WithMessage($"user_id must be 1-{Caller.MaxIdLength} characters.");
    }
}
