using System.Text.Json;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Consultations;
using Casus.Web.Features.Interventions;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.ActionPlans;

public sealed record PlanActionItem(Guid Id, Guid GoalId, Guid InterventionId, string InterventionName, InterventionKind InterventionKind,
    Guid ResponsibleOrganisationId, string ResponsibleOrganisationName, string? ResponsibleMailbox, DateOnly StartOn, DateOnly DueOn,
    PlanActionStatus Status, string? Result, bool Overdue, bool DueSoon, bool MineToFinish, PlanActionSource? Source = null);

/// <summary>Where a task came from: a follow-up action in the minutes of a case consultation (the meeting, its date, the action's words).</summary>
public sealed record PlanActionSource(Guid ConsultationId, Guid ItemId, Guid EntryId, DateTimeOffset ConsultationAt, string Text);

public sealed record PlanGoalItem(Guid Id, LifeDomain Domain, string Description, IReadOnlyList<PlanActionItem> Actions);

public sealed record GoalProgress(Guid GoalId, string? Progress);

public sealed record PlanReviewItem(Guid Id, DateTimeOffset At, string? ReviewerOrganisationName, ReviewDecision Decision, Guid? AssessmentId,
    IReadOnlyList<GoalProgress> Progress, string? Summary, DateOnly? NextReviewOn);

public sealed record PlanVersionItem(int Number, DateTimeOffset At, string? OrganisationName, string Change);

/// <summary>A case's plan as its members see it. No staff names: organisations and functional mailboxes only.</summary>
public sealed record PlanDetail(Guid CaseId, string CaseReference, string MunicipalityName, Guid PlanId, int Number, DateTimeOffset ChangedAt,
    DateOnly? NextReviewOn, bool ReviewDue, IReadOnlyList<PlanGoalItem> Goals, IReadOnlyList<PlanReviewItem> Reviews,
    IReadOnlyList<PlanVersionItem> Versions, bool CanEdit, Guid Version)
{
    public IEnumerable<PlanActionItem> Actions => Goals.SelectMany(g => g.Actions);
}

/// <summary>One task on a list of open work: carries the case reference, never the person.</summary>
public sealed record WorkItem(Guid CaseId, string CaseReference, Guid ActionId, string InterventionName, LifeDomain Domain,
    string ResponsibleOrganisationName, DateOnly StartOn, DateOnly DueOn, PlanActionStatus Status, bool Overdue, bool DueSoon,
    DateTimeOffset? FromConsultationAt = null);

/// <summary>
/// "My open work": the open tasks of the user's organisation in cases they may see, and for those who run cases the
/// overdue tasks of every partner in those cases.
/// </summary>
public sealed record WorkList(IReadOnlyList<WorkItem> Mine, IReadOnlyList<WorkItem> OverdueInRunCases, int Open, int DueSoon, int Overdue);

/// <summary>
/// Reading plans and work lists. Every query starts from <see cref="CaseAccess"/>: a case out of reach is "not
/// found", and its tasks are left out of lists and counts. Reading a plan is recorded in the processing log.
/// </summary>
public sealed class ActionPlanQueries(CasusDbContext db, CaseAccess access, PersonDataProtector protector, IProcessingLogger log,
    ICurrentUser me, TimeProvider time)
{
    /// <summary>Tasks due within this many days are shown as due soon.</summary>
    public const int DueSoonDays = 7;

    public static AppError NoPlan() => new("no_plan", StatusCodes.Status404NotFound, "Plan.None");

    public async Task<Result<PlanDetail>> GetAsync(Guid caseId, CancellationToken ct = default)
    {
        var @case = await access.Visible().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        var plan = await db.Set<ActionPlan>().AsNoTracking().SingleOrDefaultAsync(p => p.CaseId == caseId, ct);
        if (plan is null)
        {
            return NoPlan();
        }
        await log.RecordReadAsync(CaseActivities.Cases, "read-plan", [CaseActivities.Subject(@case.PersonId)], ct);
        var canEdit = await access.Run().AnyAsync(c => c.Id == caseId, ct);
        var today = CaseDates.Today(time);
        var municipality = await db.Municipalities.Where(m => m.Id == @case.MunicipalityId).Select(m => m.Name).SingleAsync(ct);

        var goals = await db.Set<PlanGoal>().AsNoTracking().Where(g => g.PlanId == plan.Id).OrderBy(g => g.Position).ToListAsync(ct);
        var actions = await (from a in db.Set<PlanAction>().AsNoTracking().Where(a => a.PlanId == plan.Id)
                             join i in db.Set<Intervention>() on a.InterventionId equals i.Id
                             join o in db.Organisations on a.ResponsibleOrganisationId equals o.Id
                             orderby a.DueOn
                             select new { Action = a, i.Name, i.Kind, Organisation = o.Name, o.FunctionalMailbox }).ToListAsync(ct);
        var sources = await (from a in db.Set<PlanAction>().Where(a => a.PlanId == plan.Id && a.SourceEntryId != null)
                             join e in db.Set<ConsultationEntry>() on a.SourceEntryId equals e.Id
                             join i in db.Set<ConsultationItem>() on e.ItemId equals i.Id
                             join m in db.Set<Consultation>() on i.ConsultationId equals m.Id
                             select new { ActionId = a.Id, ConsultationId = m.Id, ItemId = i.Id, EntryId = e.Id, m.StartsAt, e.TextCiphertext })
                             .AsNoTracking().ToListAsync(ct);
        var sourceOf = new Dictionary<Guid, PlanActionSource>();
        foreach (var x in sources)
        {
            sourceOf[x.ActionId] = new PlanActionSource(x.ConsultationId, x.ItemId, x.EntryId, x.StartsAt,
                await protector.DecryptAsync(@case.DataKeyId, ConsultationFields.Entry, x.TextCiphertext, ct));
        }
        var goalItems = new List<PlanGoalItem>();
        foreach (var goal in goals)
        {
            var items = new List<PlanActionItem>();
            foreach (var x in actions.Where(x => x.Action.GoalId == goal.Id))
            {
                var a = x.Action;
                var open = a.Status is PlanActionStatus.Planned or PlanActionStatus.Active;
                items.Add(new PlanActionItem(a.Id, goal.Id, a.InterventionId, x.Name, x.Kind, a.ResponsibleOrganisationId, x.Organisation, x.FunctionalMailbox,
                    a.StartOn, a.DueOn, a.Status, await protector.DecryptOrNullAsync(@case.DataKeyId, PlanFields.Result, a.ResultCiphertext, ct),
                    open && a.DueOn < today, open && a.DueOn >= today && a.DueOn <= today.AddDays(DueSoonDays),
                    open && (canEdit || a.ResponsibleOrganisationId == me.OrganisationId), sourceOf.GetValueOrDefault(a.Id)));
            }
            goalItems.Add(new PlanGoalItem(goal.Id, goal.Domain, await protector.DecryptAsync(@case.DataKeyId, PlanFields.Goal, goal.DescriptionCiphertext, ct), items));
        }

        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var reviews = new List<PlanReviewItem>();
        foreach (var r in await db.Set<PlanReview>().AsNoTracking().Where(r => r.PlanId == plan.Id).OrderByDescending(r => r.At).ToListAsync(ct))
        {
            var content = JsonSerializer.Deserialize<ReviewContent>(await protector.DecryptAsync(@case.DataKeyId, PlanFields.Review, r.ProgressCiphertext, ct))!;
            reviews.Add(new PlanReviewItem(r.Id, r.At, r.ReviewerOrganisationId is { } ro ? organisations.GetValueOrDefault(ro) : null, r.Decision, r.AssessmentId,
                content.Progress, content.Summary, r.NextReviewOn));
        }
        var versions = (await db.Set<ActionPlanVersion>().AsNoTracking().Where(v => v.PlanId == plan.Id).OrderByDescending(v => v.Number).ToListAsync(ct))
            .Select(v => new PlanVersionItem(v.Number, v.At, v.ActorOrganisationId is { } vo ? organisations.GetValueOrDefault(vo) : null, v.Change)).ToList();
        return new PlanDetail(@case.Id, @case.Reference, municipality, plan.Id, plan.Number, plan.ChangedAt, plan.NextReviewOn,
            plan.NextReviewOn is { } next && next <= today, goalItems, reviews, versions, canEdit, plan.Version);
    }

    /// <summary>The open tasks of this user's organisation (in cases they may see), and overdue tasks in cases they run.</summary>
    public async Task<WorkList> WorkAsync(CancellationToken ct = default)
    {
        var today = CaseDates.Today(time);
        var organisationId = me.OrganisationId ?? Guid.Empty;
        var mine = await Work(access.Visible(), db.Set<PlanAction>().Where(a => a.ResponsibleOrganisationId == organisationId)).ToListAsync(ct);
        var overdue = access.RunsCases
            ? await Work(access.Run(), db.Set<PlanAction>().Where(a => a.DueOn < today)).ToListAsync(ct)
            : [];
        WorkItem Item(WorkRow x) => new(x.CaseId, x.Reference, x.Action.Id, x.Intervention, x.Domain, x.Organisation, x.Action.StartOn, x.Action.DueOn,
            x.Action.Status, x.Action.DueOn < today, x.Action.DueOn >= today && x.Action.DueOn <= today.AddDays(DueSoonDays), x.FromConsultationAt);
        var mineItems = mine.Select(Item).ToList();
        return new WorkList(mineItems, overdue.Select(Item).ToList(), mineItems.Count, mineItems.Count(i => i.DueSoon), mineItems.Count(i => i.Overdue));
    }

    /// <summary>Counts for the start page: open tasks of my organisation, due soon, overdue (mine and, for runners, in cases they run).</summary>
    public async Task<(int Open, int DueSoon, int Overdue, int OverdueInRunCases)> CountsAsync(CancellationToken ct = default)
    {
        var work = await WorkAsync(ct);
        return (work.Open, work.DueSoon, work.Overdue, work.OverdueInRunCases.Count);
    }

    /// <summary>The overdue tasks of one case, for the case page (runners and members alike see whether the plan runs late).</summary>
    public async Task<int> OverdueInCaseAsync(Guid caseId, CancellationToken ct = default)
    {
        var today = CaseDates.Today(time);
        var visible = access.Visible().Where(c => c.Id == caseId).Select(c => c.Id);
        return await db.Set<PlanAction>().CountAsync(a => visible.Contains(a.CaseId) && a.DueOn < today
            && (a.Status == PlanActionStatus.Planned || a.Status == PlanActionStatus.Active), ct);
    }

    private sealed record WorkRow(Guid CaseId, string Reference, PlanAction Action, string Intervention, LifeDomain Domain, string Organisation,
        DateTimeOffset? FromConsultationAt);

    private IQueryable<WorkRow> Work(IQueryable<Case> cases, IQueryable<PlanAction> tasks) =>
        from a in tasks.AsNoTracking()
        join c in cases on a.CaseId equals c.Id
        join g in db.Set<PlanGoal>() on a.GoalId equals g.Id
        join i in db.Set<Intervention>() on a.InterventionId equals i.Id
        join o in db.Organisations on a.ResponsibleOrganisationId equals o.Id
        where a.Status == PlanActionStatus.Planned || a.Status == PlanActionStatus.Active
        orderby a.DueOn, c.Reference
        select new WorkRow(c.Id, c.Reference, a, i.Name, g.Domain, o.Name,
            (from e in db.Set<ConsultationEntry>()
             join ci in db.Set<ConsultationItem>() on e.ItemId equals ci.Id
             join m in db.Set<Consultation>() on ci.ConsultationId equals m.Id
             where e.Id == a.SourceEntryId
             select (DateTimeOffset?)m.StartsAt).FirstOrDefault());
}

/// <summary>What a review says, stored as one encrypted document.</summary>
public sealed record ReviewContent(IReadOnlyList<GoalProgress> Progress, string? Summary);
