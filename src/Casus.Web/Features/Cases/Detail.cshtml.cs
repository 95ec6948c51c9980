using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Cases;

/// <summary>
/// One case: who it is about, its municipality, coordinator and stage, its members, and its timeline. The runners of
/// the case's municipality find the steps they can take here (each on its own page); a member sees the case and, under
/// a profile that hides earlier history, the timeline from the moment they were added.
/// </summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class DetailModel(CaseQueries queries, Assessments.AssessmentAccess assessments, ActionPlans.ActionPlanQueries plans) : Shared.FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public CaseDetail Case { get; private set; } = null!;
    /// <summary>Set when retention destroyed the case: the page then shows only its reference and the date.</summary>
    public Retention.Tombstone? Tombstone { get; private set; }
    /// <summary>Whether the structured assessments of this case are open to this user (profile's viewer roles, or running it).</summary>
    public bool ShowsAssessments => Case.CanRun || assessments.HoldsViewerRole;
    /// <summary>Open tasks of the case's action plan that are past their due date.</summary>
    public int OverdueTasks { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await queries.GetAsync(Id, ct);
        if (!result.Ok)
        {
            Tombstone = await queries.TombstoneAsync(Id, ct);
            return Tombstone is null ? NotFound() : Page();
        }
        Case = result.Value!;
        OverdueTasks = await plans.OverdueInCaseAsync(Id, ct);
        return Page();
    }
}
