using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>
/// What a code leads to before anyone joins: the invite (or the server's vanity code acting as one), its server and
/// channel, and whether it admits anyone now and why not. Unknown and deleted codes are <see cref="InviteErrors.NotFound"/>;
/// each face decides what an unusable one shows.
/// </summary>
public static class PreviewInvite
{
    /// <param name="ViewerId">The signed-in viewer, if any, to tell whether they are already in.</param>
    public sealed record Query(string Code, string? ViewerId = null) : IRequest<Result<ResolvedCode>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<ResolvedCode>>
    {
        public async Task<Result<ResolvedCode>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!InviteRow.IsPlausibleCode(query.Code)) return InviteErrors.NotFound;

            var now = time.Now();
            var found = await db.ReadAsync(connection => CodeLookup.FindAsync(connection, query.Code, now, query.ViewerId), cancellationToken);
            if (found is null || found.State == CodeState.Deleted) return InviteErrors.NotFound;
            return found;
        }
    }
}
