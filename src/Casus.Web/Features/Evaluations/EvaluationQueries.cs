using Casus.Web.Features.Cases;
using Casus.Web.Features.Interventions;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Evaluations;

/// <summary>
/// One lesson learned as the knowledge list shows it: no case, no person, no staff; only the municipality, the figures
/// and the lessons.
/// </summary>
public sealed record LessonItem(Guid Id, string MunicipalityName, CaseOutcome Outcome, int DurationDays, IReadOnlyList<Phenomenon> Phenomena,
    IReadOnlyList<InterventionKind> InterventionKinds, string? WhatWorked, string? CouldBeBetter, string? Cooperation);

/// <summary>The filter of the knowledge list; the outcome is no personal data and may travel in an address.</summary>
public sealed record LessonFilter(CaseOutcome? Outcome = null);

/// <summary>
/// The region's lessons learned: the evaluations of the cases of the signed-in user's region, searched in the lessons'
/// words, filtered by outcome, sorted and paged. An evaluation holds no personal data, so reading it is not processing
/// of a person's data and is not written to the processing log; another region's evaluations are not shown.
/// </summary>
public sealed class EvaluationQueries(CasusDbContext db, ICurrentUser me)
{
    public static readonly IReadOnlyList<string> SortKeys = ["-recorded", "recorded", "municipality", "outcome", "duration", "-duration"];

    public async Task<PageOf<LessonItem>> ListAsync(ListQuery query, LessonFilter filter, CancellationToken ct = default)
    {
        var region = me.RegionId ?? Guid.Empty;
        var rows = db.Set<CaseEvaluation>().AsNoTracking().Where(e => e.RegionId == region);
        if (filter.Outcome is { } outcome) { rows = rows.Where(e => e.Outcome == outcome); }
        if (query.Term is { } term)
        {
            var lower = term.ToLower();
            rows = rows.Where(e => (e.WhatWorked != null && e.WhatWorked.ToLower().Contains(lower))
                || (e.CouldBeBetter != null && e.CouldBeBetter.ToLower().Contains(lower))
                || (e.Cooperation != null && e.Cooperation.ToLower().Contains(lower)));
        }
        var total = await rows.CountAsync(ct);
        var sort = SortKeys.Contains(query.Sort ?? "") ? query.Sort! : "-recorded";
        var joined = from e in rows
                     join m in db.Municipalities on e.MunicipalityId equals m.Id
                     select new { Evaluation = e, Municipality = m.Name };
        var ordered = sort switch
        {
            "recorded" => joined.OrderBy(x => x.Evaluation.RecordedAt),
            "municipality" => joined.OrderBy(x => x.Municipality).ThenByDescending(x => x.Evaluation.RecordedAt),
            "outcome" => joined.OrderBy(x => x.Evaluation.Outcome).ThenByDescending(x => x.Evaluation.RecordedAt),
            "duration" => joined.OrderBy(x => x.Evaluation.DurationDays).ThenByDescending(x => x.Evaluation.RecordedAt),
            "-duration" => joined.OrderByDescending(x => x.Evaluation.DurationDays).ThenByDescending(x => x.Evaluation.RecordedAt),
            _ => joined.OrderByDescending(x => x.Evaluation.RecordedAt),
        };
        var page = await ordered.Skip(query.Skip).Take(query.SafePageSize).ToListAsync(ct);
        var items = page.Select(x => new LessonItem(x.Evaluation.Id, x.Municipality, x.Evaluation.Outcome, x.Evaluation.DurationDays,
            x.Evaluation.PhenomenonList, x.Evaluation.InterventionKindList, x.Evaluation.WhatWorked, x.Evaluation.CouldBeBetter, x.Evaluation.Cooperation)).ToList();
        return new PageOf<LessonItem>(items, query.SafePage, query.SafePageSize, total);
    }
}
