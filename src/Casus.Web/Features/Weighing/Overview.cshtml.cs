using Casus.Web.Features.Signals;
using Casus.Web.Platform.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Weighing;

/// <summary>
/// The weighing overview of the inbox: decisions awaiting a second person's approval, observation periods that have
/// ended (decide again), and all decisions, newest first and paged.
/// </summary>
[Authorize(Policy = SignalPolicies.Inbox)]
public sealed class OverviewModel(WeighingQueries queries, NationalProfile profile) : ListPageModel
{
    /// <summary>The two work lists show their first items; more than that is a backlog the counts make visible.</summary>
    public const int WorkListSize = 50;
    public PageOf<DecisionListItem> Pending { get; private set; } = null!;
    public PageOf<DecisionListItem> Due { get; private set; } = null!;
    public PageOf<DecisionListItem> Recent { get; private set; } = null!;
    public string StepName => WeighingStep.Name(profile);
    protected override string DefaultSort => "-decided";
    protected override IReadOnlyList<string> SortKeys => ["-decided"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Pending = await queries.ListAsync(DecisionList.Pending, new ListQuery(1, WorkListSize), ct);
        Due = await queries.ListAsync(DecisionList.Due, new ListQuery(1, WorkListSize), ct);
        Recent = await queries.ListAsync(DecisionList.Recent, Query, ct);
        return PageOrLast(Recent);
    }
}

/// <summary>The model of the _DecisionTable partial.</summary>
public sealed record DecisionTableView(IReadOnlyList<DecisionListItem> Items, string CaptionKey, string EmptyKey);
