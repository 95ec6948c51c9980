using Casus.Web.Features.Cases;
using Microsoft.AspNetCore.Authorization;

namespace Casus.Web.Features.ActionPlans;

/// <summary>
/// "My open work": the open tasks of the user's organisation in the cases they may see, with reminders (due within
/// a week, overdue); for those who run cases also the overdue tasks of every partner in those cases.
/// </summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class WorkModel(ActionPlanQueries queries) : Shared.FormPageModel
{
    public WorkList Work { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Work = await queries.WorkAsync(ct);
}

/// <summary>The model of the _WorkTable partial.</summary>
public sealed record WorkTableView(IReadOnlyList<WorkItem> Items, string TestId, string Caption);
