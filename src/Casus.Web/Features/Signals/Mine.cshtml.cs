using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Signals;

/// <summary>The signals I reported, with their status: a reporter sees their own signals only.</summary>
[Authorize(Policy = SignalPolicies.Reporter)]
public sealed class MineModel(SignalQueries signals) : ListPageModel
{
    public PageOf<SignalListItem> List { get; private set; } = new([], 1, PageSize, 0);

    protected override IReadOnlyList<string> SortKeys => SignalQueries.SortKeys;
    protected override string DefaultSort => "-received";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await signals.MineAsync(Query, ct);
        return PageOrLast(List);
    }
}
