using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>GET /invites/{code}: what a link shows before you join. Public.</summary>
public static class PreviewInvite
{
    /// <param name="IncludeInvalid">Messenger previews an expired or used-up invite as <c>is_valid: false</c>; Hearth answers 404.</param>
    /// <param name="ViewerId">The signed-in viewer, if any, to tell whether they are already in.</param>
    /// <param name="AllowVanity">Hearth resolves a server's vanity code like a never-expiring, unlimited invite.</param>
    public sealed record Query(string Code, bool IncludeInvalid, string? ViewerId, bool AllowVanity = false) : IRequest<Result<Preview>>;

    public sealed record Preview(InviteRow Invite, ServerSummary Server, ChannelSummary Channel, bool IsValid, bool ViewerIsMember);

    public sealed class ServerSummary
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string? IconUrl { get; set; }
        public bool InvitesEnabled { get; set; }
        public long MemberCount { get; set; }
    }

    public sealed class ChannelSummary
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Type { get; set; } = "";
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Preview>>
    {
        public async Task<Result<Preview>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!InviteRow.IsPlausibleCode(query.Code))
            {
                return InviteErrors.NotFound;
            }

            var now = time.Now();
            return await db.ReadAsync<Result<Preview>>(async connection =>
            {
                async Task<Preview?> Find(string sql) => (await connection.QueryAsync<InviteRow, ServerSummary, ChannelSummary, Preview>(
                    sql,
                    (invite, server, channel) => new Preview(invite, server, channel, false, false),
                    new { query.Code, Now = now },
                    splitOn: "Id,Id")).SingleOrDefault();

                var found = await Find(Sql.Preview);
                if (found is null && query.AllowVanity) found = await Find(Sql.Vanity);

                if (found is null || found.Invite.DeletedAt is not null)
                {
                    return InviteErrors.NotFound;
                }

                var valid = found.Invite.IsUsable(now) && found.Server.InvitesEnabled;
                if (!valid && !query.IncludeInvalid)
                {
                    return InviteErrors.NotFound;
                }

                var isMember = query.ViewerId is not null && await connection.ExecuteScalarAsync<bool>(
                    Sql.IsMember, new { ServerId = found.Server.Id, UserId = query.ViewerId });
                return found with { IsValid = valid, ViewerIsMember = isMember };
            });
        }
    }

    private static class Sql
    {
        public const string Preview = $"""
            SELECT {InviteRow.Columns},
                   s.id AS Id, s.name AS Name, s.icon_url AS IconUrl, {ServerRow.InvitesEnabledAtNow} AS InvitesEnabled,
                   s.member_count AS MemberCount,
                   c.id AS Id, c.name AS Name, c.type AS Type
            FROM invites i
            JOIN users u ON u.id = i.inviter_id
            JOIN servers s ON s.id = i.server_id
            JOIN channels c ON c.id = i.channel_id
            WHERE i.code = @Code
            """;

        /// <summary>A vanity code read as an invite: unlimited, never expiring, to the server's first text channel.</summary>
        public const string Vanity = $"""
            SELECT '' AS Id, s.vanity_code AS Code, s.id AS ServerId, c.id AS ChannelId, s.owner_id AS InviterId,
                   0 AS MaxUses, s.vanity_uses AS Uses, NULL AS ExpiresAt, 0 AS Temporary,
                   s.created_at AS CreatedAt, s.updated_at AS UpdatedAt, NULL AS DeletedAt,
                   '' AS InviterName, NULL AS InviterAvatar, 0 AS InviterCreatedAt, 0 AS InviterUpdatedAt,
                   s.id AS Id, s.name AS Name, s.icon_url AS IconUrl, {ServerRow.InvitesEnabledAtNow} AS InvitesEnabled,
                   s.member_count AS MemberCount,
                   c.id AS Id, c.name AS Name, c.type AS Type
            FROM servers s
            JOIN channels c ON c.id = {ServerRow.DefaultChannelId}
            WHERE s.vanity_code = @Code COLLATE NOCASE
            """;

        public const string IsMember = """
            SELECT EXISTS (SELECT 1 FROM members WHERE server_id = @ServerId AND user_id = @UserId)
            """;
    }
}
