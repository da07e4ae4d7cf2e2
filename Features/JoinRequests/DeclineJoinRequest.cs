using Dapper;
using FluentValidation;
using InviteService.Features.Members;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;
using MediatR;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// Body of POST /servers/{id}/join-requests/{userId}/decline; it may be left out. <c>ban: true</c> also bans the applicant
/// (BAN_MEMBERS), with <c>reason</c> kept as the ban's reason, as PUT /servers/{id}/bans/{userId} keeps it.
/// </summary>
public sealed record DeclineJoinRequestRequest(bool? Ban = null, string? Reason = null) : IOptionalBody<DeclineJoinRequestRequest>
{
    public static DeclineJoinRequestRequest Absent { get; } = new();

    public sealed class Validator : AbstractValidator<DeclineJoinRequestRequest>
    {
        public Validator()
        {
            RuleFor(r => r.Reason).MaximumLength(BanMember.MaxReasonLength).WithMessage($"reason must be at most {BanMember.MaxReasonLength} characters.")
                .PlainText();
            RuleFor(r => r.Reason).Null().When(r => r.Ban != true).WithMessage("reason is the ban's reason: give it with ban: true.");
        }
    }
}

/// <summary>
/// POST /servers/{id}/join-requests/{userId}/decline (MANAGE_INVITES; MANAGE_SERVER implies it): the request ends without a
/// member. With a ban (which also needs BAN_MEMBERS) the applicant is banned as PUT /bans would ban them, and the ban is
/// what declines the request (reason <c>banned</c>).
/// </summary>
public static class DeclineJoinRequest
{
    public sealed record Command(Caller Caller, string ServerId, string UserId, bool Ban, string? Reason) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<Unit>(db, time, command.Caller, command.ServerId, Permission.ManageInvites, async server =>
            {
                if (command.Ban && !server.Access.Has(command.Caller.Id, Permission.BanMembers)) return JoinRequestErrors.CannotBan;
                if (command.Ban)
                {
                    var pending = await server.Connection.ExecuteScalarAsync<bool>(
                        JoinRequestRow.Exists, new { command.ServerId, command.UserId }, server.Transaction);
                    if (!pending) return JoinRequestErrors.UnknownRequest;
                    return await BanMember.BanAsync(server, command.Caller, command.UserId, command.Reason);
                }

                var declined = await PendingRequests.DeclineAsync(
                    server.Connection, server.Transaction, command.ServerId, command.UserId, PendingRequests.Declined, server.Now);
                return declined ? Unit.Value : JoinRequestErrors.UnknownRequest;
            }, cancellationToken, JoinRequestErrors.CannotAnswer);
    }
}
