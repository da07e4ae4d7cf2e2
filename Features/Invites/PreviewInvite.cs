using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>What a link shows before you join. Public.</summary>
public static class PreviewInvite
{
    /// <param name="IncludeInvalid">Messenger previews an expired or used-up invite as <c>is_valid: false</c>; Hearth answers 404.</param>
    /// <param name="ViewerId">The signed-in viewer, if any, to tell whether they are already in.</param>
    /// <param name="AllowVanity">Hearth resolves a server's vanity code like a never-expiring, unlimited invite.</param>
    public sealed record Query(string Code, bool IncludeInvalid, string? ViewerId, bool AllowVanity = false) : IRequest<Result<Preview>>;

    public sealed record Preview(InviteRow Invite, CodeServer Server, CodeChannel Channel, bool IsValid, bool IsVanity);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Preview>>
    {
        public async Task<Result<Preview>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!InviteRow.IsPlausibleCode(query.Code)) return InviteErrors.NotFound;

            var now = time.Now();
            var found = await db.ReadAsync(connection => CodeLookup.FindAsync(connection, query.Code, now, query.AllowVanity, query.ViewerId), cancellationToken);
            if (found is null || found.Invite.DeletedAt is not null) return InviteErrors.NotFound;

            var valid = found.Admits(now);
            if (!valid && !query.IncludeInvalid) return InviteErrors.NotFound;
            return new Preview(found.Invite, found.Server, found.Channel, valid, found.IsVanity);
        }
    }
}
