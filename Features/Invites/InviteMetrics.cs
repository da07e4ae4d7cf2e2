using System.Diagnostics.Metrics;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.Metrics;

namespace InviteService.Features.Invites;

/// <summary>
/// What the invite slices count, by the face that asked: each face's module records what its join or create answered, and
/// names itself (<c>hearth</c>, <c>messenger</c>). Exported as <c>invite_joins_total{face,result}</c> and
/// <c>invites_created_total{face}</c>; and the code lookups (previews, joins, the invite page, oEmbed) that failed and so
/// spent a failed-lookup permit, as <c>invite_lookups_failed_total</c>: a rise there before the 429s is someone guessing codes.
/// </summary>
public sealed class InviteMetrics : IFailedLookupObserver
{
    private readonly Counter<long> _joins;
    private readonly Counter<long> _created;
    private readonly Counter<long> _lookupsFailed;

    public InviteMetrics(ServiceMeter meter)
    {
        _joins = meter.Meter.CreateCounter<long>(
            "invite.joins", "{join}", "Joins through an invite or vanity code, by face and by what the join answered: joined, pending, or the refusal's code.");
        _created = meter.Meter.CreateCounter<long>("invites.created", "{invite}", "Invites created, by face.");
        _lookupsFailed = meter.Meter.CreateCounter<long>(
            "invite.lookups.failed", "{lookup}", "Code lookups (previews, joins, the invite page, oEmbed) that failed and spent a failed-lookup permit.");
        _lookupsFailed.Add(0); // the series exists from the start, so a rate over it is defined before the first failure
    }

    /// <summary>Counts a join by what it answered, and hands the answer on.</summary>
    public Result<JoinInvite.Joined> Join(string face, Result<JoinInvite.Joined> answer)
    {
        CountJoin(face, JoinResult(answer));
        return answer;
    }

    /// <summary>Counts a join the face refused before asking the slice (a code that is no invite on that face).</summary>
    public Error JoinRefused(string face, Error refusal)
    {
        CountJoin(face, refusal.Code);
        return refusal;
    }

    /// <summary>
    /// What a join answered, in one word: <c>joined</c>, <c>pending</c> (through an approval link, a request for an admin to
    /// answer), or the refusal's code (<c>max_uses</c>, <c>banned</c>, <c>not_found</c>, …). The one place that reads it,
    /// for both faces.
    /// </summary>
    public static string JoinResult(Result<JoinInvite.Joined> answer) => answer.Error?.Code ?? (answer.Value!.Pending is null ? "joined" : "pending");

    private void CountJoin(string face, string result) =>
        _joins.Add(1, new KeyValuePair<string, object?>("face", face), new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts an invite created (a refusal is not counted), and hands the answer on.</summary>
    public Result<T> Created<T>(string face, Result<T> answer)
    {
        if (answer.IsSuccess) _created.Add(1, new KeyValuePair<string, object?>("face", face));
        return answer;
    }

    /// <inheritdoc />
    public void LookupFailed() => _lookupsFailed.Add(1);
}
