using Casus.Web.Features.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Evaluations;

/// <summary>
/// Lessons learned: the evaluations of the region's cases, without case, person or staff. Outcome and sort in the query
/// string; the words searched in the lessons are posted and carried as a protected token, like every list's search.
/// </summary>
[Authorize(Policy = EvaluationPolicies.Read)]
public sealed class IndexModel(EvaluationQueries lessons) : Shared.ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "outcome")] public CaseOutcome? Outcome { get; set; }

    public Shared.PageOf<LessonItem> List { get; private set; } = new([], 1, PageSize, 0);

    protected override IReadOnlyList<string> SortKeys => EvaluationQueries.SortKeys;
    protected override string DefaultSort => "-recorded";

    protected override IEnumerable<KeyValuePair<string, string?>> Filters => [new("outcome", Outcome?.ToString())];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await lessons.ListAsync(Query, new LessonFilter(Outcome), ct);
        return PageOrLast(List);
    }
}
