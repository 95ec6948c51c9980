using Casus.Web.Features.Cases;
using Casus.Web.Features.Interventions;
using Casus.Web.Platform.Errors;

namespace Casus.Web.Features.ActionPlans;

/// <summary>
/// The action plan of a case under /api/v1/cases/{id}/plan, and "my open work" under /api/v1/work. A case out of
/// reach answers 404; every change needs If-Match with the plan's version (its ETag) and answers the new one.
/// </summary>
public static class ActionPlanEndpoints
{
    public static WebApplication MapActionPlansApi(this WebApplication app)
    {
        var plans = app.MapGroup("/api/v1/cases/{id:guid}/plan").WithTags("Action plans");
        plans.MapGet("", async (Guid id, ActionPlanQueries h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("GetActionPlan").WithSummary("The case's action plan: goals, interventions, reviews and versions; the ETag header is its version");
        plans.MapGet("/document", async (Guid id, ActionPlanQueries h, PlanDocument pdf, HttpContext c, CancellationToken ct) =>
            {
                var plan = await h.GetAsync(id, ct);
                return plan.Ok
                    ? Results.File(pdf.Render(plan.Value!), "application/pdf", $"plan-{plan.Value!.CaseReference}-v{plan.Value.Number}.pdf")
                    : plan.Error!.ToProblem(c);
            })
            .RequireAuthorization(CasePolicies.Member)
            .WithName("GetActionPlanDocument").WithSummary("The plan as a PDF in the caller's language, without staff names");
        plans.MapGet("/choices", async (Guid id, ActionPlanActions h, InterventionCatalogue catalogue, Platform.Data.CasusDbContext db, HttpContext c, CancellationToken ct) =>
            {
                var @case = await h.RunAsync(id, ct);
                if (@case is null)
                {
                    return AppError.NotFound().ToProblem(c);
                }
                return Results.Ok(await ActionPlanChoices.ForAsync(@case, h, catalogue, db, ct));
            })
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("GetActionPlanChoices").WithSummary("What a plan may choose: the region's active interventions and the organisations that may be responsible");
        plans.MapPost("", async (Guid id, PlanInput input, ActionPlanActions h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.CreateAsync(id, input, ct), c, r => $"/api/v1/cases/{r.CaseId}/plan", r => r.Version))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("CreateActionPlan").WithSummary("Start the case's plan, optionally with its first goals");
        plans.MapPost("/goals", (Guid id, GoalInput input, ActionPlanActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.AddGoalAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("AddPlanGoal").WithSummary("Add a goal in a life domain; needs If-Match");
        plans.MapPost("/goals/{goalId:guid}/actions", (Guid id, Guid goalId, ActionInput input, ActionPlanActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.AddActionAsync(id, v, goalId, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("AddPlanAction").WithSummary("Add an intervention from the catalogue to a goal, with a responsible member organisation and dates; needs If-Match");
        plans.MapPut("/actions/{actionId:guid}", (Guid id, Guid actionId, ActionUpdate input, ActionPlanActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.UpdateActionAsync(id, v, actionId, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("ChangePlanAction").WithSummary("Change an intervention's status, dates and result; needs If-Match");
        plans.MapPost("/actions/{actionId:guid}/finish", (Guid id, Guid actionId, TaskResultInput input, ActionPlanActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.FinishTaskAsync(id, v, actionId, input, ct)))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("FinishPlanTask").WithSummary("The responsible partner marks its task done (or stopped) with a result; needs If-Match");
        plans.MapPost("/follow-ups", async (Guid id, FollowUpInput input, ActionPlanActions h, HttpContext c, CancellationToken ct) =>
            {
                if (ETags.TryParse(c.Request.Headers.IfMatch, out var version))
                {
                    return ApiResults.Ok(await h.TakeFollowUpAsync(id, version, input, ct), c, r => r.Version);
                }
                return string.IsNullOrEmpty(c.Request.Headers.IfMatch)
                    ? ApiResults.Ok(await h.TakeFollowUpAsync(id, null, input, ct), c, r => r.Version)
                    : AppError.PreconditionRequired().ToProblem(c);
            })
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("TakeFollowUpIntoPlan")
            .WithSummary("Make a follow-up action of a consultation's minutes a task of the plan (existing or new goal; starts the plan when there is none); If-Match with the plan's ETag when the plan exists");
        plans.MapPost("/reviews", (Guid id, ReviewInput input, ActionPlanActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.RecordReviewAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("RecordPlanReview").WithSummary("Record a review: progress per goal, optional assessment, decision; moves the next review date; needs If-Match");

        app.MapGet("/api/v1/work", async (ActionPlanQueries h, CancellationToken ct) => TypedResults.Ok(await h.WorkAsync(ct)))
            .RequireAuthorization(CasePolicies.Member).WithTags("Action plans")
            .WithName("MyOpenWork").WithSummary("Open tasks of your organisation in cases you may see (due soon, overdue), and overdue tasks in cases you run");
        return app;
    }

    private static async Task<IResult> WithVersion(HttpContext c, Func<Guid, Task<Result<PlanChanged>>> action) =>
        ETags.TryParse(c.Request.Headers.IfMatch, out var version)
            ? ApiResults.Ok(await action(version), c, r => r.Version)
            : AppError.PreconditionRequired().ToProblem(c);
}

public sealed record OrganisationChoice(Guid Id, string Name);
public sealed record ActionPlanChoices(IReadOnlyList<InterventionItem> Interventions, IReadOnlyList<OrganisationChoice> Organisations)
{
    public static async Task<ActionPlanChoices> ForAsync(Case @case, ActionPlanActions actions, InterventionCatalogue catalogue,
        Platform.Data.CasusDbContext db, CancellationToken ct)
    {
        var regionId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Municipalities.Where(m => m.Id == @case.MunicipalityId).Select(m => m.RegionId), ct);
        var candidates = actions.ResponsibleCandidates(@case);
        var organisations = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Organisations.Where(o => candidates.Contains(o.Id)).OrderBy(o => o.Name).Select(o => new OrganisationChoice(o.Id, o.Name)), ct);
        return new(await catalogue.ActiveInRegionAsync(regionId, ct), organisations);
    }
}
