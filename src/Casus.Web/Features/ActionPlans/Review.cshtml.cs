using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.ActionPlans;

/// <summary>
/// Recording a review of the plan: progress per goal, optionally the assessment that informed it, and the decision
/// (continue, adjust, close, transfer). The next review date follows from the national profile.
/// </summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class ReviewModel(ActionPlanQueries queries, ActionPlanActions actions, CasusDbContext db) : Shared.FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public ReviewDecision? Decision { get; set; }
    [BindProperty] public Dictionary<Guid, string?> Progress { get; set; } = [];
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public Guid? AssessmentId { get; set; }
    public PlanDetail Plan { get; private set; } = null!;
    /// <summary>The case's assessments (date and template), to link one to the review.</summary>
    public IReadOnlyList<(Guid Id, DateTimeOffset At, string Template)> Assessments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await actions.RecordReviewAsync(Id, Version,
            new ReviewInput(Decision, Progress.Select(p => new GoalProgress(p.Key, p.Value)).ToList(), Summary, AssessmentId), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Plan.Reviewed";
            return Redirect($"/cases/{Id}/plan");
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await actions.RunAsync(Id, ct) is null)
        {
            return false;
        }
        var plan = await queries.GetAsync(Id, ct);
        if (!plan.Ok)
        {
            return false;
        }
        Plan = plan.Value!;
        Assessments = (await db.Set<Assessments.Assessment>().AsNoTracking().Where(a => a.CaseId == Id).OrderByDescending(a => a.AssessedAt)
            .Select(a => new { a.Id, a.AssessedAt, a.TemplateKey, a.TemplateVersion }).ToListAsync(ct))
            .Select(a => (a.Id, a.AssessedAt, $"{a.TemplateKey} v{a.TemplateVersion}")).ToList();
        return true;
    }
}
