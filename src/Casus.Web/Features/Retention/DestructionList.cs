using System.Globalization;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Retention;

/// <summary>The retention rules in force: the national profile's periods with their legal source.</summary>
public sealed record RetentionRules(int CaseYears, string CaseSource, int SignalMonths, string SignalSource, bool AutomaticDestruction)
{
    /// <summary>The profile's periods, with the municipality's own (Profile:Retention) where configured.</summary>
    public static RetentionRules From(NationalProfile p, RetentionOverrides? o = null) =>
        new(o?.CaseYears ?? p.RetentionYearsAfterLastProcessing, o?.CaseYears is null ? p.RetentionSource : o.CaseSource!.Trim(),
            o?.SignalMonths ?? p.RetentionMonthsSignalWithoutCase, o?.SignalMonths is null ? p.SignalRetentionSource : o.SignalSource!.Trim(),
            o?.AutomaticDestruction ?? p.AutomaticDestruction);

    public DateTimeOffset DueAt(RetentionRecordKind kind, DateTimeOffset lastProcessed) =>
        kind == RetentionRecordKind.Case ? lastProcessed.AddYears(CaseYears) : lastProcessed.AddMonths(SignalMonths);
}

public sealed record ProposalItem(Guid Id, RetentionRecordKind Kind, string Reference, string MunicipalityName, DateTimeOffset LastProcessedAt,
    DateTimeOffset DueAt, DateTimeOffset ProposedAt, ProposalStatus Status, DateTimeOffset? DestroyedAt, Guid Version);

public sealed record HoldItem(Guid Id, RetentionRecordKind Kind, string Reference, string MunicipalityName, string Reason, DateOnly Until,
    string PlacedByName, DateTimeOffset PlacedAt, Guid Version);

public sealed record ApproveInput(bool Confirm);
public sealed record HoldInput(string? Reference, string? Reason, DateOnly? Until);
public sealed record ApprovedDestruction(int Destroyed);

/// <summary>A destroyed record as its pages show it: the reference and when, nothing else.</summary>
public sealed record Tombstone(string Reference, DateTimeOffset DestroyedAt);

/// <summary>
/// Retention and destruction (docs/privacy.md): works out what is past its period, keeps the destruction list, lets
/// the privacy officer approve it for the municipalities of their region, and destroys: shreds the data keys,
/// empties the encrypted fields, removes attachments and linkage hashes, and leaves a tombstone for the figures.
/// </summary>
public sealed class DestructionList(CasusDbContext db, RecordDestroyer destroyer, IProcessingLogger log, ICurrentUser me, TimeProvider time,
    NationalProfile profile, Microsoft.Extensions.Options.IOptions<ProfileOptions> options)
{
    public const int ReasonMax = 2000;
    /// <summary>The longest a hold can be placed for in one go; it can be placed again.</summary>
    public const int HoldMaxYears = 10;

    public RetentionRules Rules => RetentionRules.From(profile, options.Value.Retention);

    public static string DailyKey(DateTimeOffset at) => "daily:" + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Due(RetentionRecordKind Kind, Guid RecordId, string Reference, Guid MunicipalityId, DateTimeOffset LastProcessedAt, DateTimeOffset DueAt);

    /// <summary>
    /// Every record past its period and not held, of all municipalities. "Last processed" is the latest activity:
    /// a signal's receipt, closing and events; a case's opening, closing, end of aftercare, events and its signals'.
    /// </summary>
    private async Task<List<Due>> DueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var rules = Rules;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var held = (await db.Set<LegalHold>().AsNoTracking().Where(h => h.LiftedAt == null && h.Until >= today).Select(h => h.RecordId).ToListAsync(ct)).ToHashSet();
        var signals = await db.Set<Signal>().AsNoTracking().Where(s => s.DestroyedAt == null)
            .Select(s => new { s.Id, s.Reference, s.MunicipalityId, s.CaseId, s.ReceivedAt, s.ClosedAt }).ToListAsync(ct);
        var signalEvents = (await db.Set<SignalEvent>().AsNoTracking().GroupBy(e => e.SignalId).Select(g => new { g.Key, Last = g.Max(e => e.At) }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Last);
        DateTimeOffset SignalLast(Guid id, DateTimeOffset received, DateTimeOffset? closed) =>
            Max(Max(received, closed), signalEvents.TryGetValue(id, out var e) ? e : null);
        var due = new List<Due>();
        foreach (var s in signals.Where(s => s.CaseId == null && !held.Contains(s.Id)))
        {
            var last = SignalLast(s.Id, s.ReceivedAt, s.ClosedAt);
            var at = rules.DueAt(RetentionRecordKind.Signal, last);
            if (at <= now)
            {
                due.Add(new Due(RetentionRecordKind.Signal, s.Id, s.Reference, s.MunicipalityId, last, at));
            }
        }
        var cases = await db.Set<Case>().AsNoTracking().Where(c => c.DestroyedAt == null)
            .Select(c => new { c.Id, c.Reference, c.MunicipalityId, c.OpenedAt, c.ClosedAt, c.AftercareUntil }).ToListAsync(ct);
        var caseEvents = (await db.Set<CaseEvent>().AsNoTracking().GroupBy(e => e.CaseId).Select(g => new { g.Key, Last = g.Max(e => e.At) }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Last);
        var signalsOfCase = signals.Where(s => s.CaseId != null).ToLookup(s => s.CaseId!.Value);
        foreach (var c in cases)
        {
            if (held.Contains(c.Id) || signalsOfCase[c.Id].Any(s => held.Contains(s.Id)))
            {
                continue;
            }
            var last = Max(Max(c.OpenedAt, c.ClosedAt), caseEvents.TryGetValue(c.Id, out var e) ? e : null);
            if (c.AftercareUntil is { } aftercare)
            {
                last = Max(last, CaseDates.StartOf(aftercare.AddDays(1)));
            }
            foreach (var s in signalsOfCase[c.Id])
            {
                last = Max(last, SignalLast(s.Id, s.ReceivedAt, s.ClosedAt));
            }
            var at = rules.DueAt(RetentionRecordKind.Case, last);
            if (at <= now)
            {
                due.Add(new Due(RetentionRecordKind.Case, c.Id, c.Reference, c.MunicipalityId, last, at));
            }
        }
        return due;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset? b) => b is { } v && v > a ? v : a;

    /// <summary>
    /// The scheduled run of today, unless a node already did it (null then). Brings the destruction list up to date:
    /// adds what became due, takes off what is no longer due (new activity, a hold); destroys it all when the
    /// profile allows automatic destruction.
    /// </summary>
    public async Task<RetentionRun?> DailyAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = DailyKey(now);
        if (await db.Set<RetentionRun>().AnyAsync(r => r.RunKey == key, ct))
        {
            return null;
        }
        var run = new RetentionRun { RunKey = key, RanAt = now };
        db.Add(run);
        var due = await DueAsync(now, ct);
        var dueIds = due.Select(d => d.RecordId).ToHashSet();
        var proposals = await db.Set<DestructionProposal>().ToListAsync(ct);
        foreach (var stale in proposals.Where(p => p.Status == ProposalStatus.Proposed && !dueIds.Contains(p.RecordId)))
        {
            db.Remove(stale);
        }
        var known = proposals.Select(p => p.RecordId).ToHashSet();
        foreach (var d in due.Where(d => !known.Contains(d.RecordId)))
        {
            db.Add(new DestructionProposal
            {
                Kind = d.Kind, RecordId = d.RecordId, Reference = d.Reference, MunicipalityId = d.MunicipalityId,
                LastProcessedAt = d.LastProcessedAt, DueAt = d.DueAt, ProposedAt = now, Status = ProposalStatus.Proposed,
            });
            run.Proposed++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node ran today's run (or proposed the same record) a moment earlier: its rows were kept.
            db.ChangeTracker.Clear();
            return null;
        }
        if (Rules.AutomaticDestruction)
        {
            foreach (var p in await db.Set<DestructionProposal>().Where(p => p.Status == ProposalStatus.Proposed).ToListAsync(ct))
            {
                if (await DestroyAsync(p, null, ct))
                {
                    run.Destroyed++;
                }
            }
            await db.SaveChangesAsync(ct);
        }
        return run;
    }

    private IQueryable<Guid> RegionMunicipalities()
    {
        var region = me.RegionId ?? Guid.Empty;
        return db.Municipalities.Where(m => m.RegionId == region).Select(m => m.Id);
    }

    public async Task<IReadOnlyList<ProposalItem>> ProposalsAsync(ProposalStatus status, CancellationToken ct)
    {
        var municipalities = RegionMunicipalities();
        var rows = db.Set<DestructionProposal>().AsNoTracking().Where(p => p.Status == status && municipalities.Contains(p.MunicipalityId));
        var list = status == ProposalStatus.Proposed
            ? await rows.OrderBy(p => p.DueAt).ThenBy(p => p.Reference).ToListAsync(ct)
            : await rows.OrderByDescending(p => p.DestroyedAt).ThenBy(p => p.Reference).Take(50).ToListAsync(ct);
        return await ItemsAsync(list, ct);
    }

    private async Task<IReadOnlyList<ProposalItem>> ItemsAsync(List<DestructionProposal> list, CancellationToken ct)
    {
        var ids = list.Select(p => p.MunicipalityId).Distinct().ToList();
        var names = await db.Municipalities.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return list.Select(p => new ProposalItem(p.Id, p.Kind, p.Reference, names.GetValueOrDefault(p.MunicipalityId, ""), p.LastProcessedAt, p.DueAt,
            p.ProposedAt, p.Status, p.DestroyedAt, p.Version)).ToList();
    }

    public async Task<IReadOnlyList<HoldItem>> HoldsAsync(CancellationToken ct)
    {
        var municipalities = RegionMunicipalities();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var holds = await db.Set<LegalHold>().AsNoTracking()
            .Where(h => h.LiftedAt == null && h.Until >= today && municipalities.Contains(h.MunicipalityId))
            .OrderBy(h => h.Until).ThenBy(h => h.Reference).ToListAsync(ct);
        return await HoldItemsAsync(holds, ct);
    }

    private async Task<IReadOnlyList<HoldItem>> HoldItemsAsync(List<LegalHold> holds, CancellationToken ct)
    {
        var ids = holds.Select(h => h.MunicipalityId).Distinct().ToList();
        var names = await db.Municipalities.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var userIds = holds.Select(h => h.PlacedBy).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return holds.Select(h => new HoldItem(h.Id, h.Kind, h.Reference, names.GetValueOrDefault(h.MunicipalityId, ""), h.Reason, h.Until,
            users.GetValueOrDefault(h.PlacedBy, ""), h.PlacedAt, h.Version)).ToList();
    }

    private static AppError ConfirmRequired() => AppError.Validation(new Dictionary<string, string[]> { ["Confirm"] = ["Validation.Confirm.Required"] });

    /// <summary>Approves one proposal: the record is destroyed now. Needs the explicit confirmation and the version the officer saw.</summary>
    public async Task<Result<ApprovedDestruction>> ApproveAsync(Guid id, Guid version, ApproveInput input, CancellationToken ct)
    {
        if (!input.Confirm)
        {
            return ConfirmRequired();
        }
        var municipalities = RegionMunicipalities();
        var proposal = await db.Set<DestructionProposal>().SingleOrDefaultAsync(p => p.Id == id && municipalities.Contains(p.MunicipalityId), ct);
        if (proposal is null)
        {
            return AppError.NotFound();
        }
        if (proposal.Version != version || proposal.Status != ProposalStatus.Proposed)
        {
            return AppError.Conflict();
        }
        try
        {
            if (!await DestroyAsync(proposal, me.UserId, ct))
            {
                return new AppError("held_or_not_due", StatusCodes.Status409Conflict, "Retention.NoLongerDue");
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return new ApprovedDestruction(1);
    }

    /// <summary>Approves the whole list of the officer's region as it stands; each record is destroyed and saved on its own.</summary>
    public async Task<Result<ApprovedDestruction>> ApproveAllAsync(ApproveInput input, CancellationToken ct)
    {
        if (!input.Confirm)
        {
            return ConfirmRequired();
        }
        var municipalities = RegionMunicipalities();
        var ids = await db.Set<DestructionProposal>().Where(p => p.Status == ProposalStatus.Proposed && municipalities.Contains(p.MunicipalityId))
            .Select(p => p.Id).ToListAsync(ct);
        var destroyed = 0;
        foreach (var id in ids)
        {
            var proposal = await db.Set<DestructionProposal>().SingleAsync(p => p.Id == id, ct);
            if (proposal.Status == ProposalStatus.Proposed && await DestroyAsync(proposal, me.UserId, ct))
            {
                destroyed++;
            }
        }
        return new ApprovedDestruction(destroyed);
    }

    /// <summary>
    /// Destroys one proposed record, in one save (<see cref="RecordDestroyer"/>). Checks again that it is due and not held — a hold
    /// placed or new activity after the list was made wins, and the proposal is taken off the list.
    /// </summary>
    private async Task<bool> DestroyAsync(DestructionProposal proposal, Guid? approvedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!(await DueAsync(now, ct)).Any(d => d.RecordId == proposal.RecordId))
        {
            db.Remove(proposal);
            await db.SaveChangesAsync(ct);
            return false;
        }
        List<Signal> signals;
        Case? @case = null;
        if (proposal.Kind == RetentionRecordKind.Case)
        {
            @case = await db.Set<Case>().SingleAsync(c => c.Id == proposal.RecordId, ct);
            signals = await db.Set<Signal>().Where(s => s.CaseId == @case.Id && s.DestroyedAt == null).ToListAsync(ct);
        }
        else
        {
            signals = await db.Set<Signal>().Where(s => s.Id == proposal.RecordId).ToListAsync(ct);
        }
        var personIds = signals.Select(s => s.PersonId).Concat(@case is null ? [] : [@case.PersonId]).Distinct().ToList();
        // The destruction itself is processing of the person's data: logged (pseudonymised) before the change is saved.
        await log.RecordAsync(RetentionActivities.Retention, "destroy", personIds.Select(RetentionActivities.Subject).ToList(), ct);
        await destroyer.DestroyAsync(signals, @case, now, ct);
        proposal.Status = ProposalStatus.Destroyed;
        proposal.DestroyedAt = now;
        proposal.ApprovedBy = approvedBy;
        proposal.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Places a legal hold on a signal or case of the officer's region; a proposal for it leaves the list.</summary>
    public async Task<Result<HoldItem>> PlaceHoldAsync(HoldInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reference = input.Reference?.Trim().ToUpperInvariant();
        errors.Required("Reason", input.Reason, ReasonMax);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (input.Until is not { } until)
        {
            errors.Add("Until", "Validation.Until.Required");
        }
        else if (until < today || until > today.AddYears(HoldMaxYears))
        {
            errors.Add("Until", "Validation.Until.HoldRange");
        }
        var municipalities = RegionMunicipalities();
        (RetentionRecordKind Kind, Guid Id, Guid MunicipalityId, DateTimeOffset? DestroyedAt)? record = null;
        if (string.IsNullOrEmpty(reference))
        {
            errors.Add("Reference", "Validation.Reference.Required");
        }
        else
        {
            var signal = await db.Set<Signal>().AsNoTracking().Where(s => s.Reference == reference && municipalities.Contains(s.MunicipalityId))
                .Select(s => new { s.Id, s.MunicipalityId, s.DestroyedAt }).SingleOrDefaultAsync(ct);
            var found = await db.Set<Case>().AsNoTracking().Where(c => c.Reference == reference && municipalities.Contains(c.MunicipalityId))
                .Select(c => new { c.Id, c.MunicipalityId, c.DestroyedAt }).SingleOrDefaultAsync(ct);
            record = signal is not null ? (RetentionRecordKind.Signal, signal.Id, signal.MunicipalityId, signal.DestroyedAt)
                : found is not null ? (RetentionRecordKind.Case, found.Id, found.MunicipalityId, found.DestroyedAt) : null;
            if (record is null)
            {
                errors.Add("Reference", "Validation.Reference.NotFound");
            }
            else if (record.Value.DestroyedAt is not null)
            {
                errors.Add("Reference", "Validation.Reference.Destroyed");
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var hold = new LegalHold
        {
            Kind = record!.Value.Kind, RecordId = record.Value.Id, Reference = reference!, MunicipalityId = record.Value.MunicipalityId,
            Reason = input.Reason!.Trim(), Until = input.Until!.Value, PlacedBy = me.UserId ?? Guid.Empty, PlacedAt = time.GetUtcNow(),
        };
        db.Add(hold);
        // A hold on a signal of a case holds the case; the proposal of either leaves the list.
        var caseId = record.Value.Kind == RetentionRecordKind.Signal
            ? await db.Set<Signal>().Where(s => s.Id == record.Value.Id).Select(s => s.CaseId).SingleAsync(ct) : null;
        var affected = new[] { record.Value.Id, caseId ?? Guid.Empty };
        db.RemoveRange(await db.Set<DestructionProposal>().Where(p => p.Status == ProposalStatus.Proposed && affected.Contains(p.RecordId)).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        return (await HoldItemsAsync([hold], ct))[0];
    }

    /// <summary>Lifts a hold before its end date; the record is proposed again by the next daily run when it is due.</summary>
    public async Task<Result<HoldItem>> LiftHoldAsync(Guid id, Guid version, CancellationToken ct)
    {
        var municipalities = RegionMunicipalities();
        var hold = await db.Set<LegalHold>().SingleOrDefaultAsync(h => h.Id == id && municipalities.Contains(h.MunicipalityId), ct);
        if (hold is null)
        {
            return AppError.NotFound();
        }
        if (hold.Version != version || hold.LiftedAt is not null)
        {
            return AppError.Conflict();
        }
        hold.LiftedAt = time.GetUtcNow();
        hold.LiftedBy = me.UserId;
        hold.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return (await HoldItemsAsync([hold], ct))[0];
    }
}

/// <summary>
/// Brings the destruction list up to date once a day, on whichever web node gets there first, and retires the
/// key-encryption keys that destructions superseded (<see cref="Platform.Encryption.KeyRetirement"/>).
/// </summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<RetentionJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DestructionList>().DailyAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The daily retention run failed.");
            }
            try
            {
                // Every hour, not once a day: a destruction reaches the backups within two hours (KeyRetirement).
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Platform.Encryption.KeyRetirement>().RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Retiring superseded key-encryption keys failed; the next run tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
