using System.Globalization;
using System.Text.Json;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

public sealed record SignalListItem(Guid Id, string Reference, DateTimeOffset ReceivedAt, Guid MunicipalityId, string MunicipalityName,
    string? ReporterOrganisationName, SignalSource Source, Phenomenon Phenomenon, SignalUrgency Urgency, SignalStatus Status,
    SignalOutcome? Outcome, Guid PersonId, string PersonName, DateTimeOffset? DestroyedAt = null);

public sealed record SignalHistoryItem(DateTimeOffset At, SignalEventKind Kind, string? ActorName, string? ActorOrganisationName,
    SignalStatus? StatusFrom, SignalStatus? StatusTo, SignalOutcome? Outcome, string? Detail);

public sealed record SignalDetail(Guid Id, string Reference, DateTimeOffset ReceivedAt, Guid MunicipalityId, string MunicipalityName,
    string? ReporterOrganisationName, SignalSource Source, Phenomenon Phenomenon, IReadOnlyList<Indicator> Indicators, bool IsOnline,
    SignalUrgency Urgency, SignalStatus Status, SignalOutcome? Outcome, Guid PersonId, SignalSubject Subject, string Narrative,
    IReadOnlyList<SignalHistoryItem> History, IReadOnlyList<AttachmentInfo> Attachments, bool CanManage, Guid Version);

/// <summary>Filters of the coordinator's inbox. Dates are whole days in UTC, inclusive.</summary>
public sealed record InboxFilter(SignalStatus? Status = null, Phenomenon? Phenomenon = null, Guid? MunicipalityId = null,
    Guid? ReporterOrganisationId = null, SignalUrgency? Urgency = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// Reading signals: the inbox (filters, search, sorting, paging), the reporter's own list, and one signal with its
/// history. Identifying data is decrypted in memory only for the rows shown (or searched), and every person shown
/// is recorded in the processing log.
/// </summary>
public sealed class SignalQueries(CasusDbContext db, SignalAccess access, PersonDataProtector protector, IProcessingLogger log, SignalAttachments attachments,
    IndicatorCatalogues catalogues)
{
    public static readonly IReadOnlyList<string> SortKeys = ["-received", "received", "urgency", "name", "reference"];

    public async Task<PageOf<SignalListItem>> InboxAsync(ListQuery query, InboxFilter filter, CancellationToken ct = default)
    {
        var rows = access.Inbox().AsNoTracking();
        if (filter.Status is { } status) { rows = rows.Where(s => s.Status == status); }
        if (filter.Phenomenon is { } phenomenon) { rows = rows.Where(s => s.Phenomenon == phenomenon); }
        if (filter.MunicipalityId is { } municipality) { rows = rows.Where(s => s.MunicipalityId == municipality); }
        if (filter.ReporterOrganisationId is { } reporter) { rows = rows.Where(s => s.ReporterOrganisationId == reporter); }
        if (filter.Urgency is { } urgency) { rows = rows.Where(s => s.Urgency == urgency); }
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(s => s.ReceivedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(s => s.ReceivedAt < end);
        }
        return await PageAsync(rows, query, ct);
    }

    public Task<PageOf<SignalListItem>> MineAsync(ListQuery query, CancellationToken ct = default) =>
        PageAsync(access.ReportedByMe().AsNoTracking(), query, ct);

    public async Task<Result<SignalDetail>> GetAsync(Guid id, CancellationToken ct = default)
    {
        var signal = await access.Visible().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (signal is null)
        {
            return AppError.NotFound();
        }
        if (signal.DestroyedAt is not null)
        {
            return Retention.RetentionErrors.Destroyed();
        }
        var canManage = await access.Inbox().AnyAsync(s => s.Id == id, ct);
        var names = await db.Municipalities.Where(m => m.Id == signal.MunicipalityId).Select(m => m.Name).SingleAsync(ct);
        var reporter = signal.ReporterOrganisationId is { } org ? await db.Organisations.Where(o => o.Id == org).Select(o => o.Name).SingleOrDefaultAsync(ct) : null;
        var events = await db.Set<SignalEvent>().AsNoTracking().Where(e => e.SignalId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var actorIds = events.Select(e => e.ActorUserId).OfType<Guid>().Distinct().ToList();
        var actors = await db.Users.Where(u => actorIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, Org = u.Organisation!.Name }).ToDictionaryAsync(u => u.Id, ct);
        var history = new List<SignalHistoryItem>();
        foreach (var e in events)
        {
            // A reporter follows the status of their signal; the coordinators' reasons and notes are theirs.
            if (!canManage && e.Kind is not (SignalEventKind.Registered or SignalEventKind.StatusChanged))
            {
                continue;
            }
            var actor = e.ActorUserId is { } a && actors.TryGetValue(a, out var found) ? found : null;
            var detail = canManage ? await protector.DecryptOrNullAsync(signal.DataKeyId, SignalFields.EventDetail, e.DetailCiphertext, ct) : null;
            history.Add(new SignalHistoryItem(e.At, e.Kind, canManage ? actor?.DisplayName : null, actor?.Org, e.StatusFrom, e.StatusTo, e.Outcome, detail));
        }
        var catalogue = catalogues.Find(signal.IndicatorCatalogueVersion);
        var indicators = signal.Indicators.Select(code => catalogue?.Indicators.FirstOrDefault(i => i.Code == code) ?? new Indicator(code, "", code, code)).ToList();
        var subject = await DecryptSubjectAsync(signal, ct);
        var narrative = await protector.DecryptAsync(signal.DataKeyId, SignalFields.Narrative, signal.NarrativeCiphertext, ct);
        await log.RecordReadAsync(SignalActivities.Signals, "read", [SignalActivities.Subject(signal.PersonId)], ct);
        return new SignalDetail(signal.Id, signal.Reference, signal.ReceivedAt, signal.MunicipalityId, names, reporter, signal.Source,
            signal.Phenomenon, indicators, signal.IsOnline, signal.Urgency, signal.Status, signal.Outcome, signal.PersonId, subject, narrative,
            history, await attachments.ListAsync(signal, ct), canManage, signal.Version);
    }

    /// <summary>The reference and date of a destroyed signal the user may see, or null (not destroyed, or out of reach).</summary>
    public Task<Retention.Tombstone?> TombstoneAsync(Guid id, CancellationToken ct) =>
        access.Visible().AsNoTracking().Where(s => s.Id == id && s.DestroyedAt != null)
            .Select(s => new Retention.Tombstone(s.Reference, s.DestroyedAt!.Value)).SingleOrDefaultAsync(ct);

    /// <summary>Who the signal is about; an empty subject once retention destroyed it.</summary>
    public async Task<SignalSubject> DecryptSubjectAsync(Signal signal, CancellationToken ct) => signal.DestroyedAt is not null ? new SignalSubject() :
        JsonSerializer.Deserialize<SignalSubject>(await protector.DecryptAsync(signal.DataKeyId, SignalFields.Subject, signal.SubjectCiphertext, ct), SignalRules.Json)
        ?? new SignalSubject();

    /// <summary>
    /// Sorting and paging in the database where it can; a search term or a sort by name needs the decrypted names,
    /// so then the filtered rows are decrypted in memory (one municipality's inbox is thousands of rows, not millions).
    /// </summary>
    private async Task<PageOf<SignalListItem>> PageAsync(IQueryable<Signal> rows, ListQuery query, CancellationToken ct)
    {
        var sort = SortKeys.Contains(query.Sort ?? "") ? query.Sort! : "-received";
        List<(Signal Signal, SignalSubject Subject)> page;
        int total;
        if (query.Term is null && sort != "name")
        {
            total = await rows.CountAsync(ct);
            var ordered = sort switch
            {
                "received" => rows.OrderBy(s => s.ReceivedAt),
                "reference" => rows.OrderBy(s => s.Reference),
                // Immediate, then high, then normal; newest first within each.
                "urgency" => rows.OrderBy(s => s.Urgency == SignalUrgency.Immediate ? 0 : s.Urgency == SignalUrgency.High ? 1 : 2).ThenByDescending(s => s.ReceivedAt),
                _ => rows.OrderByDescending(s => s.ReceivedAt),
            };
            page = [];
            foreach (var signal in await ordered.Skip(query.Skip).Take(query.SafePageSize).ToListAsync(ct))
            {
                page.Add((signal, await DecryptSubjectAsync(signal, ct)));
            }
        }
        else
        {
            var all = new List<(Signal, SignalSubject)>();
            foreach (var signal in await rows.ToListAsync(ct))
            {
                var subject = await DecryptSubjectAsync(signal, ct);
                if (query.Term is not { } term || await MatchesAsync(signal, subject, term, ct))
                {
                    all.Add((signal, subject));
                }
            }
            total = all.Count;
            IEnumerable<(Signal Signal, SignalSubject Subject)> ordered = sort switch
            {
                "name" => all.OrderBy(x => x.Item2.SortName, StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase)),
                "received" => all.OrderBy(x => x.Item1.ReceivedAt),
                "reference" => all.OrderBy(x => x.Item1.Reference, StringComparer.Ordinal),
                "urgency" => all.OrderBy(x => x.Item1.Urgency switch { SignalUrgency.Immediate => 0, SignalUrgency.High => 1, _ => 2 }).ThenByDescending(x => x.Item1.ReceivedAt),
                _ => all.OrderByDescending(x => x.Item1.ReceivedAt),
            };
            page = ordered.Skip(query.Skip).Take(query.SafePageSize).ToList();
        }
        var municipalityIds = page.Select(p => p.Signal.MunicipalityId).Distinct().ToList();
        var organisationIds = page.Select(p => p.Signal.ReporterOrganisationId).OfType<Guid>().Distinct().ToList();
        var municipalities = await db.Municipalities.Where(m => municipalityIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var organisations = await db.Organisations.Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var items = page.Select(p => new SignalListItem(p.Signal.Id, p.Signal.Reference, p.Signal.ReceivedAt, p.Signal.MunicipalityId,
            municipalities.GetValueOrDefault(p.Signal.MunicipalityId, ""),
            p.Signal.ReporterOrganisationId is { } o ? organisations.GetValueOrDefault(o) : null, p.Signal.Source, p.Signal.Phenomenon,
            p.Signal.Urgency, p.Signal.Status, p.Signal.Outcome, p.Signal.PersonId, p.Subject.DisplayName, p.Signal.DestroyedAt)).ToList();
        if (items.Count > 0)
        {
            await log.RecordReadAsync(SignalActivities.Signals, "list", items.Select(i => SignalActivities.Subject(i.PersonId)).Distinct().ToList(), ct);
        }
        return new PageOf<SignalListItem>(items, query.SafePage, query.SafePageSize, total);
    }

    private async Task<bool> MatchesAsync(Signal signal, SignalSubject subject, string term, CancellationToken ct)
    {
        if (signal.Reference.Contains(term, StringComparison.OrdinalIgnoreCase)
            || subject.SearchableText().Any(t => t is not null && t.Contains(term, StringComparison.CurrentCultureIgnoreCase))
            || subject.DisplayName.Contains(term, StringComparison.CurrentCultureIgnoreCase))
        {
            return true;
        }
        if (signal.DestroyedAt is not null)
        {
            return false;
        }
        var narrative = await protector.DecryptAsync(signal.DataKeyId, SignalFields.Narrative, signal.NarrativeCiphertext, ct);
        return narrative.Contains(term, StringComparison.CurrentCultureIgnoreCase);
    }
}
