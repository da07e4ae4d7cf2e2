using System.ComponentModel;
using Dapper;
using FluentValidation;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Paging;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace InviteService.Features.JoinRequests;

/// <summary><c>?invite=CODE</c> of GET /servers/{id}/join-requests: only the requests made through that code.</summary>
public sealed record JoinRequestFilter
{
    public const string InviteName = "invite";

    [FromQuery(Name = InviteName)]
    [Description("Only the requests made through this invite code.")]
    public string? Invite { get; init; }

    public sealed class Validator : AbstractValidator<JoinRequestFilter>
    {
        public Validator() =>
            RuleFor(f => f.Invite).NotEmpty().MaximumLength(InviteRow.MaxCodeLength)
                .WithMessage($"invite must be an invite code of 1-{InviteRow.MaxCodeLength} characters.")
                .When(f => f.Invite is not null);
    }
}

/// <summary>
/// GET /servers/{id}/join-requests: the server's pending join requests, oldest first (by when they were made, then user
/// id), in pages; for those who manage its invites (MANAGE_INVITES; MANAGE_SERVER implies it).
/// </summary>
public static class ListJoinRequests
{
    /// <param name="Invite">Only the requests made through this code; null for all.</param>
    public sealed record Query(Caller Caller, string ServerId, string? Invite, PageRequest Page) : IRequest<Result<Page<JoinRequestRow>>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Page<JoinRequestRow>>>
    {
        public Task<Result<Page<JoinRequestRow>>> Handle(Query query, CancellationToken cancellationToken) =>
            InServer.ReadAsync<Page<JoinRequestRow>>(db, time, query.Caller, query.ServerId, Permission.ManageInvites, async server =>
            {
                var page = query.Page.Keyset(PageQuery.DefaultLimit, descending: false);
                var rows = await server.Connection.QueryAsync<JoinRequestRow>(
                    query.Invite is null ? Sql.Page : Sql.PageThrough, new { query.ServerId, Code = query.Invite, page.AfterAt, page.AfterId, page.Take });
                return page.Cut(rows.AsList(), r => new Cursor(r.CreatedAt, r.UserId));
            }, cancellationToken, JoinRequestErrors.CannotAnswer);
    }

    private static class Sql
    {
        public const string Page = $"""
            SELECT {JoinRequestRow.Columns}
            FROM {JoinRequestRow.From}
            WHERE r.server_id = @ServerId
              AND (r.created_at, r.user_id) > (@AfterAt, @AfterId)
            ORDER BY r.created_at, r.user_id
            LIMIT @Take
            """;

        public const string PageThrough = $"""
            SELECT {JoinRequestRow.Columns}
            FROM {JoinRequestRow.From}
            WHERE r.server_id = @ServerId
              AND r.invite_code = @Code
              AND (r.created_at, r.user_id) > (@AfterAt, @AfterId)
            ORDER BY r.created_at, r.user_id
            LIMIT @Take
            """;
    }
}
