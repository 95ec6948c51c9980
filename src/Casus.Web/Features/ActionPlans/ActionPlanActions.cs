using System.Text.Json;
using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Consultations;
using Casus.Web.Features.Interventions;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.ActionPlans;

public sealed record GoalInput(LifeDomain? Domain, string? Description);
/// <summary>A new plan, optionally with its first goals.</summary>
public sealed record PlanInput(IReadOnlyList<GoalInput>? Goals);
public sealed record ActionInput(Guid? InterventionId, Guid? ResponsibleOrganisationId, DateOnly? StartOn, DateOnly? DueOn);
/// <summary>Changing an intervention of the plan: status, dates, and the result (required when done or stopped).</summary>
public sealed record ActionUpdate(PlanActionStatus? Status, DateOnly? StartOn, DateOnly? DueOn, string? Result);
/// <summary>The responsible partner finishing a task: done (default) or stopped, with a result in words.</summary>
public sealed record TaskResultInput(string? Result, PlanActionStatus? Status = null);
/// <summary>
/// Taking a follow-up action of a consultation's minutes into the plan: an existing goal (<see cref="GoalId"/>) or a
/// new one (<see cref="Domain"/>, <see cref="GoalDescription"/>; when the case has no plan yet, this starts it), the
/// intervention of the catalogue, the responsible member organisation and the dates.
/// </summary>
public sealed record FollowUpInput(Guid? EntryId, Guid? GoalId, LifeDomain? Domain, string? GoalDescription, Guid? InterventionId,
    Guid? ResponsibleOrganisationId, DateOnly? StartOn, DateOnly? DueOn);
public sealed record ReviewInput(ReviewDecision? Decision, IReadOnlyList<GoalProgress>? Progress, string? Summary, Guid? AssessmentId);

/// <summary>What a change answers: the plan's number and version (the next If-Match).</summary>
public sealed record PlanChanged(Guid CaseId, Guid PlanId, int Number, Guid Version);

public static class PlanRules
{
    public const int GoalMax = 1_000;
    public const int ResultMax = 2_000;
    public const int ProgressMax = 2_000;
    public const int MaxGoals = 30;
    /// <summary>The longest an intervention may be planned for at once.</summary>
    public const int MaxDurationDays = 3 * 366;
}

/// <summary>
/// Changing a case's action plan. Runners of the case (coordinator, case director) create and edit it and record
/// reviews; the responsible partner organisation finishes its own tasks. Every change makes a new plan version with a
/// snapshot, an event on the case's timeline and a record in the processing log; a stale version is refused (412).
/// </summary>
public sealed class ActionPlanActions(CasusDbContext db, CaseAccess access, PersonDataProtector protector, IProcessingLogger log,
    ICurrentUser me, TimeProvider time, NationalProfile profile)
{
    public async Task<Result<PlanChanged>> CreateAsync(Guid caseId, PlanInput input, CancellationToken ct = default)
    {
        var @case = await access.Run().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        var goals = input.Goals ?? [];
        var errors = new FieldErrors();
        if (goals.Count > PlanRules.MaxGoals)
        {
            errors.Add("Goals", "Validation.Goals.TooMany");
        }
        foreach (var goal in goals)
        {
            ValidateGoal(errors, goal);
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (await db.Set<ActionPlan>().AnyAsync(p => p.CaseId == caseId, ct))
        {
            return new AppError("plan_exists", StatusCodes.Status409Conflict, "Plan.AlreadyExists");
        }
        var now = time.GetUtcNow();
        var plan = new ActionPlan { CaseId = caseId, CreatedAt = now, ChangedAt = now, NextReviewOn = CaseDates.Today(time).AddDays(IntervalDays) };
        db.Add(plan);
        var position = 0;
        foreach (var goal in goals)
        {
            db.Add(await NewGoalAsync(@case, plan, goal, position++, ct));
        }
        return await SaveAsync(@case, plan, "PlanChange.Created", ct);
    }

    public Task<Result<PlanChanged>> AddGoalAsync(Guid caseId, Guid version, GoalInput input, CancellationToken ct = default) =>
        ChangeAsync(caseId, version, runner: true, async (@case, plan) =>
        {
            var errors = new FieldErrors();
            ValidateGoal(errors, input);
            var count = await db.Set<PlanGoal>().CountAsync(g => g.PlanId == plan.Id, ct);
            if (count >= PlanRules.MaxGoals)
            {
                errors.Add("Goals", "Validation.Goals.TooMany");
            }
            if (errors.Any)
            {
                return errors.ToError();
            }
            db.Add(await NewGoalAsync(@case, plan, input, count, ct));
            return "PlanChange.GoalAdded";
        }, ct);

    public Task<Result<PlanChanged>> AddActionAsync(Guid caseId, Guid version, Guid goalId, ActionInput input, CancellationToken ct = default) =>
        ChangeAsync(caseId, version, runner: true, async (@case, plan) =>
        {
            if (!await db.Set<PlanGoal>().AnyAsync(g => g.Id == goalId && g.PlanId == plan.Id, ct))
            {
                return AppError.NotFound();
            }
            var errors = new FieldErrors();
            await ValidateActionAsync(errors, @case, input, ct);
            if (errors.Any)
            {
                return errors.ToError();
            }
            db.Add(NewAction(@case, plan, goalId, input, null));
            return "PlanChange.ActionAdded";
        }, ct);

    /// <summary>
    /// Makes a follow-up action of a consultation's minutes a task of the case's plan, once: under an existing goal or
    /// a new one, starting the plan when the case has none. The task remembers the action it came from, so the plan
    /// shows the consultation and the minutes show the task. A plan that exists needs its version (428 without, 412
    /// when stale); an action of another case, or not an action, is "not found"; an action already taken is 409.
    /// </summary>
    public async Task<Result<PlanChanged>> TakeFollowUpAsync(Guid caseId, Guid? version, FollowUpInput input, CancellationToken ct = default)
    {
        var @case = await access.Run().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var entry = @case is null || input.EntryId is not { } entryId ? null
            : await (from e in db.Set<ConsultationEntry>()
                     join i in db.Set<ConsultationItem>() on e.ItemId equals i.Id
                     where e.Id == entryId && i.CaseId == caseId && e.Kind == MinutesEntryKind.Action
                     select e).AsNoTracking().SingleOrDefaultAsync(ct);
        if (@case is null || entry is null)
        {
            return AppError.NotFound();
        }
        if (await db.Set<PlanAction>().AnyAsync(a => a.SourceEntryId == entry.Id, ct))
        {
            return FollowUpTaken();
        }
        var plan = await db.Set<ActionPlan>().SingleOrDefaultAsync(p => p.CaseId == caseId, ct);
        if (plan is not null && version is null)
        {
            return AppError.PreconditionRequired();
        }
        if (plan is not null && plan.Version != version)
        {
            return AppError.Conflict();
        }
        var errors = new FieldErrors();
        if (input.GoalId is { } goalId)
        {
            if (plan is null || !await db.Set<PlanGoal>().AnyAsync(g => g.Id == goalId && g.PlanId == plan.Id, ct))
            {
                errors.Add("GoalId", "Validation.GoalId.NotOfPlan");
            }
        }
        else
        {
            ValidateGoal(errors, new GoalInput(input.Domain, input.GoalDescription));
        }
        var goalCount = plan is null ? 0 : await db.Set<PlanGoal>().CountAsync(g => g.PlanId == plan.Id, ct);
        if (input.GoalId is null && goalCount >= PlanRules.MaxGoals)
        {
            errors.Add("Goals", "Validation.Goals.TooMany");
        }
        var action = new ActionInput(input.InterventionId, input.ResponsibleOrganisationId, input.StartOn, input.DueOn);
        await ValidateActionAsync(errors, @case, action, ct);
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (plan is null)
        {
            var now = time.GetUtcNow();
            plan = new ActionPlan { CaseId = caseId, CreatedAt = now, ChangedAt = now, NextReviewOn = CaseDates.Today(time).AddDays(IntervalDays) };
            db.Add(plan);
        }
        var goal = input.GoalId;
        if (goal is null)
        {
            var newGoal = await NewGoalAsync(@case, plan, new GoalInput(input.Domain, input.GoalDescription), goalCount, ct);
            db.Add(newGoal);
            goal = newGoal.Id;
        }
        db.Add(NewAction(@case, plan, goal.Value, action, entry.Id));
        return await SaveAsync(@case, plan, "PlanChange.FollowUpTaken", ct);
    }

    public static AppError FollowUpTaken() => new("follow_up_taken", StatusCodes.Status409Conflict, "Plan.FollowUpTaken");

    private async Task ValidateActionAsync(FieldErrors errors, Case @case, ActionInput input, CancellationToken ct)
    {
        var region = db.Municipalities.Where(m => m.Id == @case.MunicipalityId).Select(m => m.RegionId);
        if (input.InterventionId is not { } interventionId)
        {
            errors.Add("InterventionId", "Validation.InterventionId.Required");
        }
        else if (!await db.Set<Intervention>().AnyAsync(i => i.Id == interventionId && i.RetiredAt == null && region.Contains(i.RegionId), ct))
        {
            errors.Add("InterventionId", "Validation.InterventionId.NotInCatalogue");
        }
        if (input.ResponsibleOrganisationId is not { } organisationId)
        {
            errors.Add("ResponsibleOrganisationId", "Validation.ResponsibleOrganisationId.Required");
        }
        else if (!await ResponsibleCandidates(@case).AnyAsync(o => o == organisationId, ct))
        {
            errors.Add("ResponsibleOrganisationId", "Validation.ResponsibleOrganisationId.NotMember");
        }
        ValidateDates(errors, input.StartOn, input.DueOn);
    }

    private PlanAction NewAction(Case @case, ActionPlan plan, Guid goalId, ActionInput input, Guid? sourceEntryId) => new()
    {
        PlanId = plan.Id, GoalId = goalId, CaseId = @case.Id, InterventionId = input.InterventionId!.Value,
        ResponsibleOrganisationId = input.ResponsibleOrganisationId!.Value, StartOn = input.StartOn!.Value, DueOn = input.DueOn!.Value,
        Status = input.StartOn <= CaseDates.Today(time) ? PlanActionStatus.Active : PlanActionStatus.Planned, SourceEntryId = sourceEntryId,
    };

    public Task<Result<PlanChanged>> UpdateActionAsync(Guid caseId, Guid version, Guid actionId, ActionUpdate input, CancellationToken ct = default) =>
        ChangeAsync(caseId, version, runner: true, async (@case, plan) =>
        {
            var action = await db.Set<PlanAction>().SingleOrDefaultAsync(a => a.Id == actionId && a.PlanId == plan.Id, ct);
            if (action is null)
            {
                return AppError.NotFound();
            }
            var errors = new FieldErrors();
            if (input.Status is not { } status || !Enum.IsDefined(status))
            {
                errors.Add("Status", "Validation.Status.Required");
            }
            ValidateDates(errors, input.StartOn, input.DueOn);
            var final = input.Status is PlanActionStatus.Done or PlanActionStatus.Stopped;
            errors.Text("Result", input.Result, PlanRules.ResultMax, required: final);
            if (errors.Any)
            {
                return errors.ToError();
            }
            action.Status = input.Status!.Value;
            action.StartOn = input.StartOn!.Value;
            action.DueOn = input.DueOn!.Value;
            await SetResultAsync(@case, action, input.Result, final, ct);
            return "PlanChange.ActionChanged";
        }, ct);

    /// <summary>The responsible partner (or a runner) finishes a task: done or stopped, with its result.</summary>
    public Task<Result<PlanChanged>> FinishTaskAsync(Guid caseId, Guid version, Guid actionId, TaskResultInput input, CancellationToken ct = default) =>
        ChangeAsync(caseId, version, runner: false, async (@case, plan) =>
        {
            var action = await db.Set<PlanAction>().SingleOrDefaultAsync(a => a.Id == actionId && a.PlanId == plan.Id, ct);
            var runs = await access.Run().AnyAsync(c => c.Id == caseId, ct);
            // A task of another organisation is not this partner's to finish; it is not disclosed as such.
            if (action is null || (!runs && action.ResponsibleOrganisationId != me.OrganisationId))
            {
                return AppError.NotFound();
            }
            var errors = new FieldErrors().Text("Result", input.Result, PlanRules.ResultMax, required: true);
            var status = input.Status ?? PlanActionStatus.Done;
            if (status is not (PlanActionStatus.Done or PlanActionStatus.Stopped))
            {
                errors.Add("Status", "Validation.Status.NotFinal");
            }
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (action.Status is PlanActionStatus.Done or PlanActionStatus.Stopped)
            {
                return new AppError("task_finished", StatusCodes.Status409Conflict, "Plan.TaskAlreadyFinished");
            }
            action.Status = status;
            await SetResultAsync(@case, action, input.Result, final: true, ct);
            return "PlanChange.TaskFinished";
        }, ct);

    public Task<Result<PlanChanged>> RecordReviewAsync(Guid caseId, Guid version, ReviewInput input, CancellationToken ct = default) =>
        ChangeAsync(caseId, version, runner: true, async (@case, plan) =>
        {
            var errors = new FieldErrors().Text("Summary", input.Summary, PlanRules.ProgressMax);
            if (input.Decision is not { } decision || !Enum.IsDefined(decision))
            {
                errors.Add("Decision", "Validation.ReviewDecision.Required");
            }
            var goalIds = await db.Set<PlanGoal>().Where(g => g.PlanId == plan.Id).OrderBy(g => g.Position).Select(g => g.Id).ToListAsync(ct);
            var progress = input.Progress ?? [];
            if (progress.Any(p => !goalIds.Contains(p.GoalId)))
            {
                errors.Add("Progress", "Validation.Progress.UnknownGoal");
            }
            foreach (var goalId in goalIds)
            {
                var text = progress.FirstOrDefault(p => p.GoalId == goalId)?.Progress;
                var field = new FieldErrors().Text("Progress", text, PlanRules.ProgressMax, required: true);
                if (field.Any)
                {
                    errors.Add("Progress." + goalId, "Validation.Progress.Required");
                }
            }
            if (input.AssessmentId is { } assessmentId && !await db.Set<Assessment>().AnyAsync(a => a.Id == assessmentId && a.CaseId == caseId, ct))
            {
                errors.Add("AssessmentId", "Validation.AssessmentId.NotOfCase");
            }
            if (errors.Any)
            {
                return errors.ToError();
            }
            var now = time.GetUtcNow();
            var today = CaseDates.Today(time);
            var content = new ReviewContent(goalIds.Select(id => new GoalProgress(id, progress.First(p => p.GoalId == id).Progress!.Trim())).ToList(),
                string.IsNullOrWhiteSpace(input.Summary) ? null : input.Summary.Trim());
            var firstClose = input.Decision == ReviewDecision.Close ? today
                : await db.Set<PlanReview>().Where(r => r.PlanId == plan.Id && r.Decision == ReviewDecision.Close).OrderBy(r => r.At)
                    .Select(r => (DateTimeOffset?)r.At).FirstOrDefaultAsync(ct) is { } closedAt ? DateOnly.FromDateTime(closedAt.UtcDateTime) : (DateOnly?)null;
            plan.NextReviewOn = NextReview(input.Decision!.Value, today, firstClose);
            db.Add(new PlanReview
            {
                PlanId = plan.Id, At = now, ReviewerUserId = me.UserId, ReviewerOrganisationId = me.OrganisationId, Decision = input.Decision!.Value,
                AssessmentId = input.AssessmentId, NextReviewOn = plan.NextReviewOn,
                ProgressCiphertext = await protector.EncryptAsync(@case.DataKeyId, PlanFields.Review, JsonSerializer.Serialize(content), ct),
            });
            return "PlanChange.Reviewed";
        }, ct);

    /// <summary>
    /// The next review: the profile's interval after this one. Once a review closed the plan, a profile with reviews
    /// after exit (UK: 6 and 12 months) plans those; without them, closing or transferring plans no further review.
    /// </summary>
    public DateOnly? NextReview(ReviewDecision decision, DateOnly today, DateOnly? closedOn)
    {
        if (closedOn is { } closed && profile.PostExitReviewMonths.Count > 0)
        {
            var next = profile.PostExitReviewMonths.Select(m => closed.AddMonths(m)).Where(d => d > today).Order().ToList();
            return next.Count > 0 ? next[0] : null;
        }
        return decision is ReviewDecision.Close or ReviewDecision.Transfer ? null : today.AddDays(IntervalDays);
    }

    private int IntervalDays => Math.Max(1, (int)profile.ReviewInterval.TotalDays);

    /// <summary>Organisations that may be responsible for an intervention: those of the case's current members, and the coordinator's.</summary>
    public IQueryable<Guid> ResponsibleCandidates(Case @case)
    {
        var now = time.GetUtcNow();
        var members = db.RecordMemberships.Where(m => m.RecordKind == CaseAccess.RecordKind && m.RecordId == @case.Id && (m.ValidUntil == null || m.ValidUntil > now))
            .Select(m => m.OrganisationId);
        var coordinator = db.Users.Where(u => u.Id == @case.CoordinatorUserId).Select(u => u.OrganisationId);
        return db.Organisations.Where(o => members.Contains(o.Id) || coordinator.Contains(o.Id)).Select(o => o.Id);
    }

    /// <summary>A case this user runs, for the pages that prepare a change.</summary>
    public Task<Case?> RunAsync(Guid caseId, CancellationToken ct) => access.Run().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);

    private static void ValidateGoal(FieldErrors errors, GoalInput goal)
    {
        if (goal.Domain is not { } domain || !Enum.IsDefined(domain))
        {
            errors.Add("Domain", "Validation.Domain.Required");
        }
        errors.Text("Description", goal.Description, PlanRules.GoalMax, required: true);
    }

    private static void ValidateDates(FieldErrors errors, DateOnly? start, DateOnly? due)
    {
        if (start is null)
        {
            errors.Add("StartOn", "Validation.StartOn.Required");
        }
        if (due is null)
        {
            errors.Add("DueOn", "Validation.DueOn.Required");
        }
        else if (start is { } s && (due < s || due.Value.DayNumber - s.DayNumber > PlanRules.MaxDurationDays))
        {
            errors.Add("DueOn", "Validation.DueOn.BeforeStartOrTooFar");
        }
    }

    private async Task<PlanGoal> NewGoalAsync(Case @case, ActionPlan plan, GoalInput input, int position, CancellationToken ct) => new()
    {
        PlanId = plan.Id, Domain = input.Domain!.Value, Position = position,
        DescriptionCiphertext = await protector.EncryptAsync(@case.DataKeyId, PlanFields.Goal, input.Description!.Trim(), ct),
    };

    private async Task SetResultAsync(Case @case, PlanAction action, string? result, bool final, CancellationToken ct)
    {
        action.ResultCiphertext = string.IsNullOrWhiteSpace(result) ? null : await protector.EncryptAsync(@case.DataKeyId, PlanFields.Result, result.Trim(), ct);
        action.FinishedAt = final ? time.GetUtcNow() : null;
        action.FinishedByOrganisationId = final ? me.OrganisationId : null;
    }

    private async Task<Result<PlanChanged>> ChangeAsync(Guid caseId, Guid version, bool runner, Func<Case, ActionPlan, Task<Result<string>>> change, CancellationToken ct)
    {
        var @case = await (runner ? access.Run() : access.Visible()).SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        var plan = await db.Set<ActionPlan>().SingleOrDefaultAsync(p => p.CaseId == caseId, ct);
        if (plan is null)
        {
            return ActionPlanQueries.NoPlan();
        }
        if (plan.Version != version)
        {
            return AppError.Conflict();
        }
        var result = await change(@case, plan);
        if (!result.Ok)
        {
            return result.Error!;
        }
        return await SaveAsync(@case, plan, result.Value!, ct);
    }

    private async Task<Result<PlanChanged>> SaveAsync(Case @case, ActionPlan plan, string change, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        plan.Number++;
        plan.ChangedAt = now;
        plan.Version = Guid.NewGuid();
        db.Add(new ActionPlanVersion
        {
            PlanId = plan.Id, Number = plan.Number, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Change = change,
            SnapshotCiphertext = await protector.EncryptAsync(@case.DataKeyId, PlanFields.Snapshot, JsonSerializer.Serialize(Snapshot(plan)), ct),
        });
        db.Add(new CaseEvent
        {
            CaseId = @case.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = CaseEventKind.PlanChanged, RelatedId = plan.Id,
        });
        await log.RecordAsync(CaseActivities.Cases, "update-plan", [CaseActivities.Subject(@case.PersonId)], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return new PlanChanged(@case.Id, plan.Id, plan.Number, plan.Version);
    }

    /// <summary>The plan as saved in this version: its goals and interventions (ciphertexts stay as they are, under the same key).</summary>
    private object Snapshot(ActionPlan plan)
    {
        var local = db.ChangeTracker.Entries<PlanGoal>().Select(e => e.Entity).Where(g => g.PlanId == plan.Id);
        var goals = db.Set<PlanGoal>().Where(g => g.PlanId == plan.Id).AsEnumerable().UnionBy(local, g => g.Id).OrderBy(g => g.Position).ToList();
        var localActions = db.ChangeTracker.Entries<PlanAction>().Select(e => e.Entity).Where(a => a.PlanId == plan.Id);
        var actions = db.Set<PlanAction>().Where(a => a.PlanId == plan.Id).AsEnumerable().UnionBy(localActions, a => a.Id).ToList();
        return new
        {
            plan.Number, plan.NextReviewOn,
            Goals = goals.Select(g => new
            {
                g.Id, g.Domain, g.DescriptionCiphertext,
                Actions = actions.Where(a => a.GoalId == g.Id).Select(a => new { a.Id, a.InterventionId, a.ResponsibleOrganisationId, a.StartOn, a.DueOn, a.Status, a.ResultCiphertext, a.SourceEntryId }),
            }),
        };
    }
}
