using System.Text.RegularExpressions;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.SubjectRights;

public sealed record NewSubjectRequestInput(SubjectRequestKind? Kind, string? Reference, DateOnly? ReceivedOn);

public sealed record DecisionInput(SubjectRequestOutcome? Outcome, string? LegalGround, string? Note);

public sealed record LiftInput(string? Reason);

public sealed record PartDecisionInput(string? PartKey, bool? Withhold, string? Reason);

public sealed record SubjectRequestItem(
    Guid Id, SubjectRequestKind Kind, string RecordReference, Guid PersonId, string MunicipalityName, DateOnly ReceivedOn, DateOnly DueOn,
    bool Overdue, SubjectRequestStatus Status, SubjectRequestOutcome? Outcome, string? LegalGround, string? DecisionNote,
    string? DecidedByName, DateTimeOffset? DecidedAt, bool Restricts, DateTimeOffset? LiftedAt, string? LiftReason,
    DateTimeOffset? ReportGeneratedAt, Guid Version);

/// <summary>
/// The privacy officer's register of data-subject requests, within their region: record a request (the person found
/// by a signal or case reference), decide it with a legal ground, lift a restriction. A granted erasure destroys the
/// person's data keys (crypto-shredding). Every step is in the processing log, about the person.
/// </summary>
public sealed partial class SubjectRequests(CasusDbContext db, ICurrentUser me, IProcessingLogger log, TimeProvider time, Retention.RecordDestroyer destroyer)
{
    public const int GroundMax = 500;
    public const int NoteMax = 2000;

    [GeneratedRegex("^[SC][0-9]{2}-[A-Z0-9]{6}$")]
    private static partial Regex ReferencePattern();

    private IQueryable<Guid> RegionMunicipalities()
    {
        var region = me.RegionId ?? Guid.Empty;
        return db.Municipalities.Where(m => m.RegionId == region).Select(m => m.Id);
    }

    private IQueryable<SubjectRequest> InRegion()
    {
        var municipalities = RegionMunicipalities();
        return db.Set<SubjectRequest>().Where(r => municipalities.Contains(r.MunicipalityId));
    }

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<PageOf<SubjectRequestItem>> ListAsync(SubjectRequestStatus? status, ListQuery query, CancellationToken ct)
    {
        var rows = InRegion().AsNoTracking();
        if (status is { } s)
        {
            rows = rows.Where(r => r.Status == s);
        }
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(r => r.Status).ThenBy(r => r.DueOn).ThenBy(r => r.CreatedAt)
            .Skip(query.Skip).Take(query.SafePageSize).ToListAsync(ct);
        return new PageOf<SubjectRequestItem>(await ToItemsAsync(page, ct), query.SafePage, query.SafePageSize, total);
    }

    public async Task<Result<SubjectRequestItem>> GetAsync(Guid id, CancellationToken ct)
    {
        var request = await InRegion().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return AppError.NotFound();
        }
        return (await ToItemsAsync([request], ct))[0];
    }

    public async Task<Result<SubjectRequestItem>> CreateAsync(NewSubjectRequestInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (input.Kind is null || !Enum.IsDefined(input.Kind.Value))
        {
            errors.Add("Kind", "Validation.Kind.Required");
        }
        if (input.ReceivedOn is null)
        {
            errors.Add("ReceivedOn", "Validation.ReceivedOn.Required");
        }
        else if (input.ReceivedOn > Today)
        {
            errors.Add("ReceivedOn", "Validation.ReceivedOn.InFuture");
        }
        var reference = input.Reference?.Trim().ToUpperInvariant();
        (Guid PersonId, Guid MunicipalityId)? person = null;
        if (string.IsNullOrEmpty(reference))
        {
            errors.Add("Reference", "Validation.Reference.Required");
        }
        else if (!ReferencePattern().IsMatch(reference))
        {
            errors.Add("Reference", "Validation.Reference.Invalid");
        }
        else
        {
            person = await FindPersonAsync(reference, ct);
            if (person is null)
            {
                errors.Add("Reference", "Validation.Reference.NotFound");
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var now = time.GetUtcNow();
        var request = new SubjectRequest
        {
            Kind = input.Kind!.Value, RecordReference = reference!, PersonId = person!.Value.PersonId, MunicipalityId = person.Value.MunicipalityId,
            ReceivedOn = input.ReceivedOn!.Value, DueOn = input.ReceivedOn.Value.AddMonths(1), Status = SubjectRequestStatus.Open,
            CreatedBy = me.UserId ?? Guid.Empty, CreatedAt = now,
        };
        db.Add(request);
        await log.RecordAsync(SubjectRightsActivities.SubjectRights, "create", [SignalActivities.Subject(request.PersonId)], ct);
        await db.SaveChangesAsync(ct);
        return (await ToItemsAsync([request], ct))[0];
    }

    /// <summary>The person behind a signal or case reference of the officer's region.</summary>
    private async Task<(Guid, Guid)?> FindPersonAsync(string reference, CancellationToken ct)
    {
        var municipalities = RegionMunicipalities();
        var found = reference[0] == 'S'
            ? await db.Set<Signal>().Where(s => s.Reference == reference && municipalities.Contains(s.MunicipalityId)).Select(s => new { s.PersonId, s.MunicipalityId }).SingleOrDefaultAsync(ct)
            : await db.Set<Case>().Where(c => c.Reference == reference && municipalities.Contains(c.MunicipalityId)).Select(c => new { c.PersonId, c.MunicipalityId }).SingleOrDefaultAsync(ct);
        return found is null ? null : (found.PersonId, found.MunicipalityId);
    }

    /// <summary>
    /// Records the decision. A refusal needs its legal ground (for erasure: art. 17(3)); so does a restriction, which
    /// then freezes the person's records; a granted erasure shreds the person's data keys in the same transaction.
    /// </summary>
    public Task<Result<SubjectRequestItem>> DecideAsync(Guid id, Guid version, DecisionInput input, CancellationToken ct) =>
        ChangeAsync(id, version, "decide", async request =>
        {
            var errors = new FieldErrors();
            if (input.Outcome is null || !Enum.IsDefined(input.Outcome.Value))
            {
                errors.Add("Outcome", "Validation.Outcome.Required");
            }
            var groundNeeded = input.Outcome is SubjectRequestOutcome.Refused or SubjectRequestOutcome.PartlyGranted
                || (request.Kind == SubjectRequestKind.Restriction && input.Outcome is not null);
            if (groundNeeded)
            {
                errors.Required("LegalGround", input.LegalGround, GroundMax);
            }
            else
            {
                errors.Optional("LegalGround", input.LegalGround, GroundMax);
            }
            errors.Optional("Note", input.Note, NoteMax);
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (request.Status != SubjectRequestStatus.Open)
            {
                return AlreadyDecided();
            }
            var now = time.GetUtcNow();
            request.Status = SubjectRequestStatus.Decided;
            request.Outcome = input.Outcome;
            request.LegalGround = Trim(input.LegalGround);
            request.DecisionNote = Trim(input.Note);
            request.DecidedBy = me.UserId;
            request.DecidedAt = now;
            if (request.Kind == SubjectRequestKind.Erasure && input.Outcome == SubjectRequestOutcome.Granted)
            {
                await ShredPersonAsync(request.PersonId, ct);
            }
            return null;
        }, ct);

    public Task<Result<SubjectRequestItem>> LiftAsync(Guid id, Guid version, LiftInput input, CancellationToken ct) =>
        ChangeAsync(id, version, "lift-restriction", request =>
        {
            var errors = new FieldErrors().Required("Reason", input.Reason, NoteMax);
            if (errors.Any)
            {
                return Task.FromResult<AppError?>(errors.ToError());
            }
            if (!request.Restricts)
            {
                return Task.FromResult<AppError?>(new AppError("not_restricted", StatusCodes.Status409Conflict, "SubjectRights.NotRestricted"));
            }
            request.LiftedAt = time.GetUtcNow();
            request.LiftedBy = me.UserId;
            request.LiftReason = input.Reason!.Trim();
            return Task.FromResult<AppError?>(null);
        }, ct);

    /// <summary>Disclose or withhold one part of the access report, with a reason for withholding.</summary>
    public Task<Result<SubjectRequestItem>> DecidePartAsync(Guid id, Guid version, PartDecisionInput input, IReadOnlyCollection<string> partKeys, CancellationToken ct) =>
        ChangeAsync(id, version, "decide-part", async request =>
        {
            var errors = new FieldErrors();
            if (string.IsNullOrEmpty(input.PartKey) || !partKeys.Contains(input.PartKey))
            {
                errors.Add("PartKey", "Validation.PartKey.Invalid");
            }
            if (input.Withhold is null)
            {
                errors.Add("Withhold", "Validation.Withhold.Required");
            }
            if (input.Withhold == true)
            {
                errors.Required("Reason", input.Reason, GroundMax);
            }
            else
            {
                errors.Optional("Reason", input.Reason, GroundMax);
            }
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (request.Kind != SubjectRequestKind.Access || request.Status != SubjectRequestStatus.Open)
            {
                return AlreadyDecided();
            }
            var part = await db.Set<SubjectRequestPart>().SingleOrDefaultAsync(p => p.RequestId == request.Id && p.PartKey == input.PartKey, ct);
            if (part is null)
            {
                part = new SubjectRequestPart { RequestId = request.Id, PartKey = input.PartKey! };
                db.Add(part);
            }
            part.Withhold = input.Withhold!.Value;
            part.Reason = Trim(input.Reason);
            part.DecidedBy = me.UserId ?? Guid.Empty;
            part.DecidedAt = time.GetUtcNow();
            return null;
        }, ct);

    /// <summary>
    /// A granted erasure destroys everything Casus holds about the person the way retention does
    /// (<see cref="Retention.RecordDestroyer"/>): identifying data and free text emptied, attachments and linkage hashes
    /// deleted, data keys shredded; tombstones keep references, dates and statuses for accountability. Saved with the
    /// decision, so the decision and the destruction happen together or not at all.
    /// </summary>
    private Task<int> ShredPersonAsync(Guid personId, CancellationToken ct) => destroyer.DestroyPersonAsync(personId, time.GetUtcNow(), ct);

    /// <summary>
    /// Records the generation of the access report on the request. Not an edit of the request: its version stays, so
    /// a form the officer has open (a part, the decision) still saves after a download.
    /// </summary>
    public async Task MarkReportGeneratedAsync(Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await InRegion().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReportGeneratedAt, now), ct);
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static AppError AlreadyDecided() => new("already_decided", StatusCodes.Status409Conflict, "SubjectRights.AlreadyDecided");

    private async Task<Result<SubjectRequestItem>> ChangeAsync(Guid id, Guid version, string action, Func<SubjectRequest, Task<AppError?>> change, CancellationToken ct)
    {
        var request = await InRegion().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return AppError.NotFound();
        }
        if (request.Version != version)
        {
            return AppError.Conflict();
        }
        var error = await change(request);
        if (error is not null)
        {
            return error;
        }
        request.Version = Guid.NewGuid();
        await log.RecordAsync(SubjectRightsActivities.SubjectRights, action, [SignalActivities.Subject(request.PersonId)], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return (await ToItemsAsync([request], ct))[0];
    }

    private async Task<List<SubjectRequestItem>> ToItemsAsync(List<SubjectRequest> rows, CancellationToken ct)
    {
        var municipalityIds = rows.Select(r => r.MunicipalityId).Distinct().ToList();
        var municipalities = await db.Municipalities.Where(m => municipalityIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var userIds = rows.Select(r => r.DecidedBy).OfType<Guid>().Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var today = Today;
        return rows.Select(r => new SubjectRequestItem(r.Id, r.Kind, r.RecordReference, r.PersonId, municipalities.GetValueOrDefault(r.MunicipalityId, ""),
            r.ReceivedOn, r.DueOn, r.IsOverdue(today), r.Status, r.Outcome, r.LegalGround, r.DecisionNote,
            r.DecidedBy is { } d ? users.GetValueOrDefault(d) : null, r.DecidedAt, r.Restricts, r.LiftedAt, r.LiftReason, r.ReportGeneratedAt, r.Version)).ToList();
    }
}
