using Casus.Web.Features.Cases;
using Casus.Web.Features.Interventions;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.ActionPlans;

/// <summary>
/// The action plan of a case. Members read it and download it as PDF; the responsible partner finishes its own tasks
/// here; the runners of the case start the plan, add goals and interventions, and change them. Every form carries the
/// plan's version: a change made by someone else in the meantime is refused, never merged.
/// </summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class PlanModel(ActionPlanQueries queries, ActionPlanActions actions, InterventionCatalogue catalogue, CasusDbContext db,
    CaseQueries cases, PlanDocument document) : Shared.FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public List<GoalInput> Goals { get; set; } = [];
    [BindProperty] public LifeDomain? Domain { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public Guid? GoalId { get; set; }
    [BindProperty] public Guid? ActionId { get; set; }
    [BindProperty] public Guid? InterventionId { get; set; }
    [BindProperty] public Guid? ResponsibleOrganisationId { get; set; }
    [BindProperty] public DateOnly? StartOn { get; set; }
    [BindProperty] public DateOnly? DueOn { get; set; }
    [BindProperty] public PlanActionStatus? Status { get; set; }
    [BindProperty] public string? Result { get; set; }

    public string CaseReference { get; private set; } = "";
    public bool CanRun { get; private set; }
    public PlanDetail? Plan { get; private set; }
    public ActionPlanChoices? Choices { get; private set; }
    /// <summary>Which form failed (e.g. "goal", "action:{goalId}", "finish:{actionId}"), so its errors and input show there.</summary>
    public string? FailedForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>The plan as a PDF document in the reader's language.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(CancellationToken ct)
    {
        var plan = await queries.GetAsync(Id, ct);
        return plan.Ok
            ? File(document.Render(plan.Value!), "application/pdf", $"plan-{plan.Value!.CaseReference}-v{plan.Value.Number}.pdf")
            : NotFound();
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        AfterAsync(actions.CreateAsync(Id, new PlanInput(Goals.Where(g => g.Domain is not null || !string.IsNullOrWhiteSpace(g.Description)).ToList()), ct),
            "create", "Plan.Created", ct);

    public Task<IActionResult> OnPostGoalAsync(CancellationToken ct) =>
        AfterAsync(actions.AddGoalAsync(Id, Version, new GoalInput(Domain, Description), ct), "goal", "Plan.GoalAdded", ct);

    public Task<IActionResult> OnPostActionAsync(CancellationToken ct) =>
        AfterAsync(actions.AddActionAsync(Id, Version, GoalId ?? Guid.Empty, new ActionInput(InterventionId, ResponsibleOrganisationId, StartOn, DueOn), ct),
            "action:" + GoalId, "Plan.ActionAdded", ct);

    public Task<IActionResult> OnPostChangeAsync(CancellationToken ct) =>
        AfterAsync(actions.UpdateActionAsync(Id, Version, ActionId ?? Guid.Empty, new ActionUpdate(Status, StartOn, DueOn, Result), ct),
            "change:" + ActionId, "Plan.ActionChanged", ct);

    public Task<IActionResult> OnPostFinishAsync(CancellationToken ct) =>
        AfterAsync(actions.FinishTaskAsync(Id, Version, ActionId ?? Guid.Empty, new TaskResultInput(Result, Status), ct),
            "finish:" + ActionId, "Plan.TaskFinished", ct);

    public bool Failed(string form) => FailedForm == form;

    private async Task<IActionResult> AfterAsync(Task<Result<PlanChanged>> action, string form, string doneKey, CancellationToken ct)
    {
        var result = await action;
        if (result.Ok)
        {
            TempData["Message"] = doneKey;
            return Redirect($"/cases/{Id}/plan");
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        FailedForm = form;
        ShowError(result.Error);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var @case = await cases.GetAsync(Id, ct);
        if (!@case.Ok)
        {
            return false;
        }
        CaseReference = @case.Value!.Reference;
        CanRun = @case.Value.CanRun;
        var plan = await queries.GetAsync(Id, ct);
        Plan = plan.Ok ? plan.Value : null;
        if (CanRun && await actions.RunAsync(Id, ct) is { } run)
        {
            Choices = await ActionPlanChoices.ForAsync(run, actions, catalogue, db, ct);
        }
        return true;
    }
}
