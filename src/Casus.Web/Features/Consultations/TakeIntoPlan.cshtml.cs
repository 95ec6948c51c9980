using Casus.Web.Features.ActionPlans;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Interventions;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Consultations;

/// <summary>
/// Taking a follow-up action of the minutes into the case's integrated action plan: the coordinator chooses a goal of
/// the plan (or a new one; when the case has no plan yet, this starts it), the intervention from the region's
/// catalogue, the responsible organisation (the owner's, when it is a member of the case) and the dates (the action's
/// deadline). The task then shows in the plan with the consultation it came from, and on the partner's open work.
/// </summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class TakeIntoPlanModel(ConsultationQueries queries, ActionPlanQueries plans, ActionPlanActions planActions,
    InterventionCatalogue catalogue, CasusDbContext db, TimeProvider time) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public Guid ItemId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid EntryId { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public Guid? GoalId { get; set; }
    [BindProperty] public LifeDomain? Domain { get; set; }
    [BindProperty] public string? GoalDescription { get; set; }
    [BindProperty] public Guid? InterventionId { get; set; }
    [BindProperty] public Guid? ResponsibleOrganisationId { get; set; }
    [BindProperty] public DateOnly? StartOn { get; set; }
    [BindProperty] public DateOnly? DueOn { get; set; }

    public ItemMinutes Item { get; private set; } = null!;
    public EntryView Entry { get; private set; } = null!;
    public PlanDetail? Plan { get; private set; }
    public ActionPlanChoices Choices { get; private set; } = null!;
    public bool Posted { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var back = await LoadAsync(ct);
        if (back is not null)
        {
            return back;
        }
        var result = await planActions.TakeFollowUpAsync(Item.CaseId, Version,
            new FollowUpInput(EntryId, GoalId, Domain, GoalDescription, InterventionId, ResponsibleOrganisationId, StartOn, DueOn), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Consultation.TakenIntoPlan";
            return Redirect($"/consultations/{Id}/items/{ItemId}");
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        Posted = true;
        ShowError(result.Error);
        return Page();
    }

    /// <summary>Null when the page can show; otherwise where to go (not found, or back to the minutes when already taken).</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var item = await queries.ItemAsync(Id, ItemId, ct);
        if (!item.Ok)
        {
            return item.Error!.Code == ConsultationActions.AcknowledgeFirst().Code ? Redirect($"/consultations/{Id}") : NotFound();
        }
        Item = item.Value!;
        var entry = Item.Entries.SingleOrDefault(e => e.Id == EntryId && e.Kind == MinutesEntryKind.Action);
        var @case = await planActions.RunAsync(Item.CaseId, ct);
        if (!Item.CanRun || entry is null || @case is null || Item.CancelledAt is not null)
        {
            return NotFound();
        }
        if (entry.PlanTask is not null)
        {
            return Redirect($"/consultations/{Id}/items/{ItemId}");
        }
        Entry = entry;
        var plan = await plans.GetAsync(Item.CaseId, ct);
        Plan = plan.Ok ? plan.Value : null;
        Choices = await ActionPlanChoices.ForAsync(@case, planActions, catalogue, db, ct);
        if (HttpMethods.IsGet(Request.Method))
        {
            Version = Plan?.Version ?? Guid.Empty;
            var owner = await db.Set<ConsultationEntry>().Where(e => e.Id == EntryId).Select(e => e.OwnerUserId).SingleAsync(ct);
            var ownerOrganisation = await db.Users.Where(u => u.Id == owner).Select(u => (Guid?)u.OrganisationId).SingleOrDefaultAsync(ct);
            ResponsibleOrganisationId = Choices.Organisations.Any(o => o.Id == ownerOrganisation) ? ownerOrganisation : null;
            StartOn = CaseDates.Today(time);
            DueOn = entry.Deadline;
            GoalId = Plan?.Goals.Count > 0 ? Plan.Goals[0].Id : null;
        }
        return null;
    }
}
