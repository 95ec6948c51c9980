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

/// <summary>One signal of the group a decision covers.</summary>
public sealed record GroupSignal(Guid Id, string Reference, DateTimeOffset ReceivedAt, string? ReporterOrganisationName, SignalSource Source,
    Phenomenon Phenomenon, SignalStatus Status);

/// <summary>What the weighing form shows: the signal, its group, the profile's checklist, outcomes and parties.</summary>
public sealed record WeighingFormView(Guid SignalId, string Reference, Guid Version, string PersonName, string MunicipalityName, SignalStatus Status,
    IReadOnlyList<GroupSignal> Group, string CriteriaVersion, IReadOnlyList<WeighingCriterion> Criteria, IReadOnlyList<WeighingOutcome> Outcomes,
    IReadOnlyList<string> Parties, bool NeedsFourEyes, Guid? PendingDecisionId)
{
    public bool CanDecide => Status is SignalStatus.New or SignalStatus.InWeighing && PendingDecisionId is null;
}

/// <summary>The weighing step of the national profile in force: the API's description of the form.</summary>
public sealed record WeighingProfileView(string ProfileKey, string StepNameEn, string StepNameNl, bool NeedsFourEyes, IReadOnlyList<string> Parties,
    IReadOnlyList<WeighingOutcome> Outcomes, string CriteriaVersion, IReadOnlyList<WeighingCriterion> Criteria);

public sealed record DecisionDetail(Guid Id, Guid SignalId, string SignalReference, Guid PersonId, string PersonName, string MunicipalityName,
    string ProfileKey, WeighingOutcome Outcome, DateOnly? ObserveUntil, bool ObservationEnded, string CriteriaVersion,
    IReadOnlyList<WeighingCriterion> Criteria, IReadOnlyList<string> Parties, string Proportionality, string Subsidiarity,
    string DecidedBy, string? DecidedByOrganisation, DateTimeOffset DecidedAt, WeighingStatus Status, string? ReviewedBy, DateTimeOffset? ReviewedAt,
    string? RejectionReason, DateTimeOffset? EffectiveAt, Guid? SupersededByDecisionId, Guid? CaseId, string? CaseReference,
    IReadOnlyList<GroupSignal> Signals, bool CanReview, bool DecidedByMe, Guid Version);

public sealed record DecisionListItem(Guid Id, Guid SignalId, string SignalReference, string PersonName, string MunicipalityName,
    WeighingOutcome Outcome, DateOnly? ObserveUntil, WeighingStatus Status, DateTimeOffset DecidedAt, string DecidedBy, Guid? CaseId, string? CaseReference);

/// <summary>A decision as the signal page lists it: no texts about the person, only what was decided and where it stands.</summary>
public sealed record SignalDecision(Guid Id, WeighingOutcome Outcome, DateOnly? ObserveUntil, WeighingStatus Status, DateTimeOffset DecidedAt,
    Guid? CaseId, string? CaseReference);

/// <summary>The lists of the weighing overview.</summary>
public enum DecisionList { Pending, Due, Recent }

/// <summary>
/// Reading weighing: the form for a signal, one decision, the overview lists and the start page's counts. Texts about
/// the person are decrypted in memory for what is shown, and each person shown is recorded in the processing log.
/// </summary>
public sealed class WeighingQueries(CasusDbContext db, SignalAccess signalAccess, WeighingAccess access, SignalQueries signals,
    PersonDataProtector protector, IProcessingLogger log, ICurrentUser me, TimeProvider time, NationalProfile profile,
    WeighingCriteriaCatalogue catalogue)
{
    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public WeighingProfileView Profile()
    {
        var criteria = catalogue.Current(profile);
        return new WeighingProfileView(profile.Key, profile.WeighingStepNameEn, profile.WeighingStepNameNl, profile.WeighingNeedsFourEyes,
            profile.WeighingParties, WeighingOutcomes.Of(profile), criteria.VersionId, criteria.Criteria);
    }

    public async Task<Result<WeighingFormView>> FormAsync(Guid signalId, CancellationToken ct = default)
    {
        var signal = await signalAccess.Inbox().AsNoTracking().SingleOrDefaultAsync(s => s.Id == signalId, ct);
        if (signal is null)
        {
            return AppError.NotFound();
        }
        var group = await signalAccess.Inbox().AsNoTracking()
            .Where(s => s.Id == signal.Id || (s.PersonId == signal.PersonId && s.MunicipalityId == signal.MunicipalityId
                && (s.Status == SignalStatus.New || s.Status == SignalStatus.InWeighing)))
            .OrderBy(s => s.ReceivedAt).ToListAsync(ct);
        var groupIds = group.Select(s => s.Id).ToList();
        var pending = await access.Inbox().Where(d => d.Status == WeighingStatus.PendingApproval
                && db.Set<WeighingDecisionSignal>().Any(l => l.DecisionId == d.Id && groupIds.Contains(l.SignalId)))
            .Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
        var subject = await signals.DecryptSubjectAsync(signal, ct);
        var municipality = await db.Municipalities.Where(m => m.Id == signal.MunicipalityId).Select(m => m.Name).SingleAsync(ct);
        var criteria = catalogue.Current(profile);
        await log.RecordAsync(WeighingActivities.Weighing, "read", [SignalActivities.Subject(signal.PersonId)], ct);
        return new WeighingFormView(signal.Id, signal.Reference, signal.Version, subject.DisplayName, municipality, signal.Status,
            await GroupAsync(group, ct), criteria.VersionId, criteria.Criteria, WeighingOutcomes.Of(profile), profile.WeighingParties,
            profile.WeighingNeedsFourEyes, pending);
    }

    public async Task<Result<DecisionDetail>> GetAsync(Guid id, CancellationToken ct = default)
    {
        var d = await access.Inbox().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
        {
            return AppError.NotFound();
        }
        var covered = await db.Set<Signal>().AsNoTracking()
            .Where(s => db.Set<WeighingDecisionSignal>().Any(l => l.DecisionId == d.Id && l.SignalId == s.Id))
            .OrderBy(s => s.ReceivedAt).ToListAsync(ct);
        var chosen = covered.FirstOrDefault(s => s.Id == d.SignalId) ?? await db.Set<Signal>().AsNoTracking().SingleAsync(s => s.Id == d.SignalId, ct);
        var subject = await signals.DecryptSubjectAsync(chosen, ct);
        var userIds = new[] { d.DecidedByUserId, d.ReviewedByUserId ?? Guid.Empty };
        var users = await db.Users.Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, Org = u.Organisation!.Name }).ToDictionaryAsync(u => u.Id, ct);
        var checklist = catalogue.Find(d.CriteriaVersion);
        var criteria = d.Criteria.Select(c => checklist?.Criteria.FirstOrDefault(x => x.Code == c) ?? new WeighingCriterion(c, c, c)).ToList();
        var caseReference = d.CaseId is { } caseId ? await db.Set<Case>().Where(c => c.Id == caseId).Select(c => c.Reference).SingleOrDefaultAsync(ct) : null;
        var municipality = await db.Municipalities.Where(m => m.Id == d.MunicipalityId).Select(m => m.Name).SingleAsync(ct);
        await log.RecordAsync(WeighingActivities.Weighing, "read", [SignalActivities.Subject(d.PersonId)], ct);
        var decidedByMe = d.DecidedByUserId == me.UserId;
        return new DecisionDetail(d.Id, d.SignalId, chosen.Reference, d.PersonId, subject.DisplayName, municipality, d.ProfileKey, d.Outcome,
            d.ObserveUntil, d.Status == WeighingStatus.InEffect && d.Outcome == WeighingOutcome.Observe && d.ObserveUntil <= Today,
            d.CriteriaVersion, criteria, d.PartyKeys,
            await protector.DecryptAsync(d.DataKeyId, WeighingFields.Proportionality, d.ProportionalityCiphertext, ct),
            await protector.DecryptAsync(d.DataKeyId, WeighingFields.Subsidiarity, d.SubsidiarityCiphertext, ct),
            users.TryGetValue(d.DecidedByUserId, out var by) ? by.DisplayName : "—", by?.Org, d.DecidedAt, d.Status,
            d.ReviewedByUserId is { } r && users.TryGetValue(r, out var reviewer) ? reviewer.DisplayName : null, d.ReviewedAt,
            await protector.DecryptOrNullAsync(d.DataKeyId, WeighingFields.RejectionReason, d.RejectionReasonCiphertext, ct),
            d.EffectiveAt, d.SupersededByDecisionId, d.CaseId, caseReference, await GroupAsync(covered, ct),
            d.Status == WeighingStatus.PendingApproval && !decidedByMe, decidedByMe, d.Version);
    }

    /// <summary>A list of the overview: awaiting approval (oldest first), observation ended (earliest date first), or all decisions (newest first).</summary>
    public async Task<PageOf<DecisionListItem>> ListAsync(DecisionList list, ListQuery query, CancellationToken ct = default)
    {
        var rows = access.Inbox().AsNoTracking();
        var today = Today;
        rows = list switch
        {
            DecisionList.Pending => rows.Where(d => d.Status == WeighingStatus.PendingApproval).OrderBy(d => d.DecidedAt),
            DecisionList.Due => rows.Where(d => d.Status == WeighingStatus.InEffect && d.Outcome == WeighingOutcome.Observe && d.ObserveUntil <= today)
                .OrderBy(d => d.ObserveUntil).ThenBy(d => d.DecidedAt),
            _ => rows.OrderByDescending(d => d.DecidedAt),
        };
        var total = await rows.CountAsync(ct);
        var page = await rows.Skip(query.Skip).Take(query.SafePageSize).ToListAsync(ct);
        var signalIds = page.Select(d => d.SignalId).Distinct().ToList();
        var chosen = await db.Set<Signal>().AsNoTracking().Where(s => signalIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var userIds = page.Select(d => d.DecidedByUserId).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var municipalityIds = page.Select(d => d.MunicipalityId).Distinct().ToList();
        var municipalities = await db.Municipalities.Where(m => municipalityIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var caseIds = page.Select(d => d.CaseId).OfType<Guid>().ToList();
        var cases = await db.Set<Case>().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, ct);
        var items = new List<DecisionListItem>();
        foreach (var d in page)
        {
            var signal = chosen[d.SignalId];
            var subject = await signals.DecryptSubjectAsync(signal, ct);
            items.Add(new DecisionListItem(d.Id, d.SignalId, signal.Reference, subject.DisplayName, municipalities[d.MunicipalityId], d.Outcome,
                d.ObserveUntil, d.Status, d.DecidedAt, users.GetValueOrDefault(d.DecidedByUserId) ?? "—", d.CaseId,
                d.CaseId is { } c ? cases.GetValueOrDefault(c) : null));
        }
        if (page.Count > 0)
        {
            await log.RecordAsync(WeighingActivities.Weighing, "read", page.Select(d => SignalActivities.Subject(d.PersonId)).Distinct().ToList(), ct);
        }
        return new PageOf<DecisionListItem>(items, query.SafePage, query.SafePageSize, total);
    }

    /// <summary>The decisions that covered a signal, newest first (for the signal page of the inbox).</summary>
    public async Task<IReadOnlyList<SignalDecision>> ForSignalAsync(Guid signalId, CancellationToken ct = default)
    {
        var decisions = await access.Inbox().AsNoTracking()
            .Where(d => db.Set<WeighingDecisionSignal>().Any(l => l.DecisionId == d.Id && l.SignalId == signalId))
            .OrderByDescending(d => d.DecidedAt).ToListAsync(ct);
        var caseIds = decisions.Select(d => d.CaseId).OfType<Guid>().ToList();
        var cases = await db.Set<Case>().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, ct);
        return decisions.Select(d => new SignalDecision(d.Id, d.Outcome, d.ObserveUntil, d.Status, d.DecidedAt, d.CaseId,
            d.CaseId is { } c ? cases.GetValueOrDefault(c) : null)).ToList();
    }

    /// <summary>For the start page: decisions awaiting approval and observation periods that have ended. Counts only.</summary>
    public async Task<(int Pending, int Due)> CountsAsync(CancellationToken ct = default)
    {
        var today = Today;
        var pending = await access.Inbox().CountAsync(d => d.Status == WeighingStatus.PendingApproval, ct);
        var due = await access.Inbox().CountAsync(d => d.Status == WeighingStatus.InEffect && d.Outcome == WeighingOutcome.Observe && d.ObserveUntil <= today, ct);
        return (pending, due);
    }

    private async Task<IReadOnlyList<GroupSignal>> GroupAsync(IReadOnlyList<Signal> group, CancellationToken ct)
    {
        var organisationIds = group.Select(s => s.ReporterOrganisationId).OfType<Guid>().Distinct().ToList();
        var organisations = await db.Organisations.Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return group.Select(s => new GroupSignal(s.Id, s.Reference, s.ReceivedAt,
            s.ReporterOrganisationId is { } o ? organisations.GetValueOrDefault(o) : null, s.Source, s.Phenomenon, s.Status)).ToList();
    }
}
