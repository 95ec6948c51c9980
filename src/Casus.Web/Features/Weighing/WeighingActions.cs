using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Weighing;

/// <summary>A weighing decision as the form and the API send it.</summary>
public sealed record DecisionInput(WeighingOutcome? Outcome = null, DateOnly? ObserveUntil = null, IReadOnlyList<string>? Criteria = null,
    IReadOnlyList<string>? Parties = null, string? Proportionality = null, string? Subsidiarity = null);

/// <summary>What a decision, approval or rejection leaves: the decision's state and version, and the case it opened.</summary>
public sealed record RecordedDecision(Guid Id, Guid SignalId, WeighingOutcome Outcome, WeighingStatus Status, Guid? CaseId, Guid Version);

/// <summary>
/// Which weighing decisions a user reaches, decided in the query: those of the municipalities whose inbox they work
/// in (process coordinators and case directors). Anything else is "not found".
/// </summary>
public sealed class WeighingAccess(CasusDbContext db, SignalAccess signals)
{
    public IQueryable<WeighingDecision> Inbox()
    {
        var municipalities = signals.InboxMunicipalities();
        return db.Set<WeighingDecision>().Where(d => municipalities.Contains(d.MunicipalityId));
    }
}

/// <summary>
/// Taking a weighing decision on a person's open signals, and the second person's approval or rejection. Where the
/// profile needs four eyes a decision changes nothing until someone else of the inbox approves it; then (or at once)
/// it takes effect: the signals close with the matching outcome, stay in weighing until the observation date, or
/// join a new case. Every step is in the processing log; a stale version is refused, never merged.
/// </summary>
public sealed class WeighingActions(CasusDbContext db, SignalAccess signalAccess, WeighingAccess access, PersonDataProtector protector,
    IProcessingLogger log, ICurrentUser me, TimeProvider time, NationalProfile profile, WeighingCriteriaCatalogue catalogue, OpenCase openCase)
{
    public const int TextMax = 4_000;

    public async Task<Result<RecordedDecision>> DecideAsync(Guid signalId, Guid signalVersion, DecisionInput input, CancellationToken ct = default)
    {
        var signal = await signalAccess.Inbox().SingleOrDefaultAsync(s => s.Id == signalId, ct);
        if (signal is null)
        {
            return AppError.NotFound();
        }
        if (signal.Version != signalVersion)
        {
            return AppError.Conflict();
        }
        var now = time.GetUtcNow();
        var criteria = catalogue.Current(profile);
        var errors = Validate(input, criteria, DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (signal.Status is not (SignalStatus.New or SignalStatus.InWeighing))
        {
            return new AppError("signal_not_open", StatusCodes.Status409Conflict, "Weighing.SignalNotOpen");
        }
        // The group: every open signal about this person in this municipality is weighed together.
        var group = await signalAccess.Inbox()
            .Where(s => s.PersonId == signal.PersonId && s.MunicipalityId == signal.MunicipalityId
                && (s.Status == SignalStatus.New || s.Status == SignalStatus.InWeighing))
            .ToListAsync(ct);
        var groupIds = group.Select(s => s.Id).ToList();
        var pending = await PendingForAsync(groupIds, ct);
        if (pending is not null)
        {
            return new AppError("decision_pending", StatusCodes.Status409Conflict, "Weighing.AlreadyPending");
        }
        var outcome = input.Outcome!.Value;
        var decision = new WeighingDecision
        {
            MunicipalityId = signal.MunicipalityId,
            PersonId = signal.PersonId,
            SignalId = signal.Id,
            DataKeyId = signal.DataKeyId,
            ProfileKey = profile.Key,
            Outcome = outcome,
            ObserveUntil = outcome == WeighingOutcome.Observe ? input.ObserveUntil : null,
            CriteriaVersion = criteria.VersionId,
            CriteriaCodes = string.Join(';', input.Criteria!.Distinct(StringComparer.Ordinal)),
            Parties = string.Join(';', input.Parties!.Distinct(StringComparer.Ordinal)),
            ProportionalityCiphertext = await protector.EncryptAsync(signal.DataKeyId, WeighingFields.Proportionality, input.Proportionality!.Trim(), ct),
            SubsidiarityCiphertext = await protector.EncryptAsync(signal.DataKeyId, WeighingFields.Subsidiarity, input.Subsidiarity!.Trim(), ct),
            DecidedByUserId = me.UserId ?? throw new InvalidOperationException("A weighing decision needs a signed-in user."),
            DecidedAt = now,
            Status = WeighingStatus.PendingApproval,
        };
        db.Add(decision);
        foreach (var s in group)
        {
            db.Add(new WeighingDecisionSignal { DecisionId = decision.Id, SignalId = s.Id });
            if (s.Status == SignalStatus.New)
            {
                ChangeStatus(s, SignalStatus.InWeighing, null, now);
            }
            // Every signal of the group gets a new version: a concurrent decision on another of them is refused.
            s.Version = Guid.NewGuid();
        }
        if (!profile.WeighingNeedsFourEyes)
        {
            await TakeEffectAsync(decision, group, now, ct);
        }
        return await SaveAsync(decision, "create", ct);
    }

    /// <summary>The second person's approval: the decision takes effect.</summary>
    public async Task<Result<RecordedDecision>> ApproveAsync(Guid id, Guid version, CancellationToken ct = default)
    {
        var (decision, error) = await ReviewableAsync(id, version, ct);
        if (error is not null)
        {
            return error;
        }
        var now = time.GetUtcNow();
        decision!.ReviewedByUserId = me.UserId;
        decision.ReviewedAt = now;
        var signals = await signalAccess.Inbox()
            .Where(s => db.Set<WeighingDecisionSignal>().Any(l => l.DecisionId == decision.Id && l.SignalId == s.Id))
            .ToListAsync(ct);
        await TakeEffectAsync(decision, signals, now, ct);
        return await SaveAsync(decision, "update", ct);
    }

    /// <summary>The second person's rejection, with a reason: the signals stay as they are and can be weighed again.</summary>
    public async Task<Result<RecordedDecision>> RejectAsync(Guid id, Guid version, ReasonInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors().Text("Reason", input.Reason, SignalRules.ReasonMax, required: true);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var (decision, error) = await ReviewableAsync(id, version, ct);
        if (error is not null)
        {
            return error;
        }
        decision!.Status = WeighingStatus.Rejected;
        decision.ReviewedByUserId = me.UserId;
        decision.ReviewedAt = time.GetUtcNow();
        decision.RejectionReasonCiphertext = await protector.EncryptAsync(decision.DataKeyId, WeighingFields.RejectionReason, input.Reason!.Trim(), ct);
        return await SaveAsync(decision, "update", ct);
    }

    private FieldErrors Validate(DecisionInput input, WeighingCriteria criteria, DateOnly today)
    {
        var errors = new FieldErrors();
        if (input.Outcome is not { } outcome || !Enum.IsDefined(outcome))
        {
            errors.Add("Outcome", "Validation.Outcome.Required");
        }
        else if (!WeighingOutcomes.Of(profile).Contains(outcome))
        {
            errors.Add("Outcome", "Validation.Outcome.NotOffered");
        }
        else if (outcome == WeighingOutcome.Observe)
        {
            if (input.ObserveUntil is not { } until)
            {
                errors.Add("ObserveUntil", "Validation.ObserveUntil.Required");
            }
            else if (until <= today)
            {
                errors.Add("ObserveUntil", "Validation.ObserveUntil.Future");
            }
            else if (until > today.AddYears(2))
            {
                errors.Add("ObserveUntil", "Validation.ObserveUntil.TooFar");
            }
        }
        var codes = (input.Criteria ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (codes.Count == 0)
        {
            errors.Add("Criteria", "Validation.Criteria.Required");
        }
        else if (!codes.All(criteria.Contains))
        {
            errors.Add("Criteria", "Validation.Criteria.Unknown");
        }
        var parties = (input.Parties ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        if (parties.Count == 0)
        {
            errors.Add("Parties", "Validation.Parties.Required");
        }
        else if (!parties.All(profile.WeighingParties.Contains))
        {
            errors.Add("Parties", "Validation.Parties.Unknown");
        }
        errors.Text("Proportionality", input.Proportionality, TextMax, required: true);
        errors.Text("Subsidiarity", input.Subsidiarity, TextMax, required: true);
        return errors;
    }

    /// <summary>A decision awaiting approval that covers one of these signals, if any.</summary>
    public Task<WeighingDecision?> PendingForAsync(IReadOnlyList<Guid> signalIds, CancellationToken ct) =>
        access.Inbox().Where(d => d.Status == WeighingStatus.PendingApproval
                && db.Set<WeighingDecisionSignal>().Any(l => l.DecisionId == d.Id && signalIds.Contains(l.SignalId)))
            .FirstOrDefaultAsync(ct);

    private async Task<(WeighingDecision?, AppError?)> ReviewableAsync(Guid id, Guid version, CancellationToken ct)
    {
        var decision = await access.Inbox().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (decision is null)
        {
            return (null, AppError.NotFound());
        }
        if (decision.Version != version)
        {
            return (null, AppError.Conflict());
        }
        if (decision.Status != WeighingStatus.PendingApproval)
        {
            return (null, new AppError("decision_not_pending", StatusCodes.Status409Conflict, "Weighing.NotPending"));
        }
        // Four eyes: the person who decided cannot also approve or reject.
        if (decision.DecidedByUserId == me.UserId)
        {
            return (null, new AppError("second_person_required", StatusCodes.Status403Forbidden, "Weighing.SecondPersonRequired"));
        }
        return (decision, null);
    }

    private async Task TakeEffectAsync(WeighingDecision decision, IReadOnlyList<Signal> signals, DateTimeOffset now, CancellationToken ct)
    {
        decision.Status = WeighingStatus.InEffect;
        decision.EffectiveAt = now;
        // Deciding again (after an observation period, or on new signals) replaces what was in effect for these signals.
        var signalIds = signals.Select(s => s.Id).ToList();
        var earlier = await access.Inbox()
            .Where(d => d.Id != decision.Id && d.Status == WeighingStatus.InEffect
                && db.Set<WeighingDecisionSignal>().Any(l => l.DecisionId == d.Id && signalIds.Contains(l.SignalId)))
            .ToListAsync(ct);
        foreach (var d in earlier)
        {
            d.Status = WeighingStatus.Superseded;
            d.SupersededByDecisionId = decision.Id;
        }
        // Signals closed or linked elsewhere since the decision was taken are left as they are.
        var open = signals.Where(s => s.Status is SignalStatus.New or SignalStatus.InWeighing).ToList();
        switch (decision.Outcome)
        {
            case WeighingOutcome.Observe:
                foreach (var s in open.Where(s => s.Status == SignalStatus.New))
                {
                    ChangeStatus(s, SignalStatus.InWeighing, null, now);
                }
                break;
            case WeighingOutcome.AdmitCase:
                var @case = await openCase.AddAsync(decision.PersonId, decision.MunicipalityId, open, decision.Id, ct);
                // A process coordinator runs the case: the one who proposed the admission when they are one, else the
                // approver when they are one (a case director's decision approved by a coordinator), else the proposer.
                // A person's running case keeps its coordinator: the signals only join it.
                var opened = db.Entry(@case).State == Microsoft.EntityFrameworkCore.EntityState.Added;
                if (opened && decision.DecidedByUserId != me.UserId && (!me.IsInRole(Roles.ProcessCoordinator) || await IsCoordinatorAsync(decision.DecidedByUserId, ct)))
                {
                    @case.CoordinatorUserId = decision.DecidedByUserId;
                }
                decision.CaseId = @case.Id;
                db.Add(new CaseEvent
                {
                    CaseId = @case.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId,
                    Kind = CaseEventKind.WeighingDecision, RelatedId = decision.Id,
                });
                break;
            default:
                foreach (var s in open)
                {
                    s.Outcome = decision.Outcome.ClosesAs();
                    s.ClosedAt = now;
                    ChangeStatus(s, SignalStatus.Closed, s.Outcome, now);
                }
                break;
        }
    }

    private Task<bool> IsCoordinatorAsync(Guid userId, CancellationToken ct) =>
        db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.ProcessCoordinator), ct);

    private void ChangeStatus(Signal signal, SignalStatus to, SignalOutcome? outcome, DateTimeOffset now)
    {
        db.Add(new SignalEvent
        {
            SignalId = signal.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId,
            Kind = SignalEventKind.StatusChanged, StatusFrom = signal.Status, StatusTo = to, Outcome = outcome,
        });
        signal.Status = to;
    }

    private async Task<Result<RecordedDecision>> SaveAsync(WeighingDecision decision, string action, CancellationToken ct)
    {
        await log.RecordAsync(WeighingActivities.Weighing, action, [SignalActivities.Subject(decision.PersonId)], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return new RecordedDecision(decision.Id, decision.SignalId, decision.Outcome, decision.Status, decision.CaseId, decision.Version);
    }
}
