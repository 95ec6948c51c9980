using System.Text.Json;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Cases;

public sealed record CaseListItem(Guid Id, string Reference, Guid MunicipalityId, string MunicipalityName, CaseStage Stage,
    string CoordinatorName, DateTimeOffset OpenedAt);

/// <summary>Filters of the case list; none of them is personal data, so they may travel in an address.</summary>
public sealed record CaseFilter(CaseStage? Stage = null, Guid? MunicipalityId = null);

public enum MembershipStatus { Upcoming, Active, Ended }

public sealed record CaseMemberItem(Guid Id, Guid UserId, string Name, string OrganisationName, string? Role, string Purpose, string LegalBasis,
    DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, MembershipStatus Status)
{
    /// <summary>The last day of the membership (the period ends at the start of the next day).</summary>
    public DateOnly? LastDay => ValidUntil is { } until ? CaseDates.LastDay(until) : null;
}

/// <summary>
/// One line of the timeline: a case event, or a signal of the case (<see cref="SignalReference"/> set). Kinds other
/// slices write (weighing decisions, assessments) carry their text in <see cref="Detail"/> and are shown generically.
/// </summary>
public sealed record CaseTimelineItem(DateTimeOffset At, CaseEventKind? Kind, string? ActorName, string? ActorOrganisationName,
    CaseStage? StageFrom, CaseStage? StageTo, CaseOutcome? Outcome, DateOnly? Until, string? Detail,
    string? MemberName, string? MemberOrganisationName, string? SignalReference, Guid? SignalId, Phenomenon? Phenomenon, string? ReporterOrganisationName, SignalSource? Source);

public sealed record CaseDetail(Guid Id, string Reference, Guid PersonId, string PersonName, Guid MunicipalityId, string MunicipalityName,
    Guid CoordinatorUserId, string CoordinatorName, CaseStage Stage, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, CaseOutcome? Outcome,
    DateOnly? AftercareUntil, IReadOnlyList<CaseMemberItem> Members, IReadOnlyList<CaseTimelineItem> Timeline,
    DateTimeOffset? HistoryVisibleFrom, bool CanRun, Guid Version);

/// <summary>Dates of memberships and aftercare: whole days in UTC, as the rest of Casus filters dates.</summary>
public static class CaseDates
{
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    /// <summary>A period ending at <paramref name="until"/> (exclusive) has this as its last whole day.</summary>
    public static DateOnly LastDay(DateTimeOffset until) => DateOnly.FromDateTime(until.UtcDateTime.AddTicks(-1));
}

/// <summary>
/// Reading cases: the list (filters, search by reference, sort, paging), counts by stage for the start page, and one
/// case with its members and timeline. Every query starts from <see cref="CaseAccess"/>, so a case out of reach is
/// absent from lists and counts and "not found" on its own; every case shown is recorded in the processing log.
/// </summary>
public sealed class CaseQueries(CasusDbContext db, CaseAccess access, PersonDataProtector protector, IProcessingLogger log,
    TimeProvider time, NationalProfile profile)
{
    public static readonly IReadOnlyList<string> SortKeys = ["-opened", "opened", "reference", "stage", "municipality"];

    public async Task<PageOf<CaseListItem>> ListAsync(ListQuery query, CaseFilter filter, CancellationToken ct = default)
    {
        var rows = access.Visible().AsNoTracking();
        if (filter.Stage is { } stage) { rows = rows.Where(c => c.Stage == stage); }
        if (filter.MunicipalityId is { } municipality) { rows = rows.Where(c => c.MunicipalityId == municipality); }
        if (query.Term is { } term)
        {
            // References are upper case without look-alikes; a reference is searched, never a name.
            var reference = term.ToUpperInvariant();
            rows = rows.Where(c => c.Reference.Contains(reference));
        }
        var total = await rows.CountAsync(ct);
        var sort = SortKeys.Contains(query.Sort ?? "") ? query.Sort! : "-opened";
        var joined = from c in rows
                     join m in db.Municipalities on c.MunicipalityId equals m.Id
                     join u in db.Users on c.CoordinatorUserId equals u.Id
                     select new { Case = c, Municipality = m.Name, Coordinator = u.DisplayName };
        var ordered = sort switch
        {
            "opened" => joined.OrderBy(x => x.Case.OpenedAt),
            "reference" => joined.OrderBy(x => x.Case.Reference),
            // The lifecycle order, not the alphabet of the stored names.
            "stage" => joined.OrderBy(x => x.Case.Stage == CaseStage.Intake ? 0 : x.Case.Stage == CaseStage.InConsultation ? 1
                : x.Case.Stage == CaseStage.ActionPlanActive ? 2 : x.Case.Stage == CaseStage.Monitoring ? 3 : x.Case.Stage == CaseStage.Closed ? 4 : 5)
                .ThenByDescending(x => x.Case.OpenedAt),
            "municipality" => joined.OrderBy(x => x.Municipality).ThenByDescending(x => x.Case.OpenedAt),
            _ => joined.OrderByDescending(x => x.Case.OpenedAt),
        };
        var page = await ordered.Skip(query.Skip).Take(query.SafePageSize).ToListAsync(ct);
        var items = page.Select(x => new CaseListItem(x.Case.Id, x.Case.Reference, x.Case.MunicipalityId, x.Municipality, x.Case.Stage,
            x.Coordinator, x.Case.OpenedAt)).ToList();
        if (page.Count > 0)
        {
            await log.RecordAsync(CaseActivities.Cases, "list", page.Select(x => CaseActivities.Subject(x.Case.PersonId)).Distinct().ToList(), ct);
        }
        return new PageOf<CaseListItem>(items, query.SafePage, query.SafePageSize, total);
    }

    /// <summary>How many cases this user may see, per stage (counts only: no persons, no processing).</summary>
    public async Task<IReadOnlyDictionary<CaseStage, int>> CountByStageAsync(CancellationToken ct = default)
    {
        var counts = await access.Visible().GroupBy(c => c.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<CaseStage>().ToDictionary(s => s, s => counts.Where(c => c.Key == s).Sum(c => c.Count));
    }

    public async Task<Result<CaseDetail>> GetAsync(Guid id, CancellationToken ct = default)
    {
        var @case = await access.Visible().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        if (@case.DestroyedAt is not null)
        {
            return Retention.RetentionErrors.Destroyed();
        }
        var canRun = await access.Run().AnyAsync(c => c.Id == id, ct);
        var from = await access.HistoryVisibleFromAsync(@case, profile.MembersSeeEarlierHistory, ct);
        var municipality = await db.Municipalities.Where(m => m.Id == @case.MunicipalityId).Select(m => m.Name).SingleAsync(ct);
        var members = await MembersAsync(@case.Id, ct);
        var timeline = await TimelineAsync(@case, from, ct);
        var names = await db.Users.Where(u => u.Id == @case.CoordinatorUserId).Select(u => u.DisplayName).SingleAsync(ct);
        await log.RecordAsync(CaseActivities.Cases, "read", [CaseActivities.Subject(@case.PersonId)], ct);
        return new CaseDetail(@case.Id, @case.Reference, @case.PersonId, await PersonNameAsync(@case, ct), @case.MunicipalityId, municipality,
            @case.CoordinatorUserId, names, @case.Stage, @case.OpenedAt, @case.ClosedAt, @case.Outcome, @case.AftercareUntil, members, timeline,
            from, canRun, @case.Version);
    }

    /// <summary>The reference and date of a destroyed case the user may see, or null (not destroyed, or out of reach).</summary>
    public Task<Retention.Tombstone?> TombstoneAsync(Guid id, CancellationToken ct) =>
        access.Visible().AsNoTracking().Where(c => c.Id == id && c.DestroyedAt != null)
            .Select(c => new Retention.Tombstone(c.Reference, c.DestroyedAt!.Value)).SingleOrDefaultAsync(ct);

    /// <summary>The person's name as the latest signal about them gives it (decrypted in memory, for this page only).</summary>
    private async Task<string> PersonNameAsync(Case @case, CancellationToken ct)
    {
        var signal = await db.Set<Signal>().AsNoTracking().Where(s => (s.CaseId == @case.Id || s.PersonId == @case.PersonId) && s.DestroyedAt == null)
            .OrderByDescending(s => s.ReceivedAt).FirstOrDefaultAsync(ct);
        if (signal is null)
        {
            return "";
        }
        var subject = JsonSerializer.Deserialize<SignalSubject>(
            await protector.DecryptAsync(signal.DataKeyId, SignalFields.Subject, signal.SubjectCiphertext, ct), SignalRules.Json);
        return subject?.DisplayName ?? "";
    }

    public async Task<IReadOnlyList<CaseMemberItem>> MembersAsync(Guid caseId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await (from m in db.RecordMemberships.AsNoTracking()
                          where m.RecordKind == CaseAccess.RecordKind && m.RecordId == caseId
                          join u in db.Users on m.UserId equals u.Id
                          join o in db.Organisations on m.OrganisationId equals o.Id
                          select new { Membership = m, u.DisplayName, Organisation = o.Name }).ToListAsync(ct);
        var userIds = rows.Select(r => r.Membership.UserId).Distinct().ToList();
        var roles = await RolesOfAsync(userIds, ct);
        return rows
            .Select(r => new CaseMemberItem(r.Membership.Id, r.Membership.UserId, r.DisplayName, r.Organisation, roles.GetValueOrDefault(r.Membership.UserId),
                r.Membership.Purpose, r.Membership.LegalBasis, r.Membership.ValidFrom, r.Membership.ValidUntil, StatusOf(r.Membership, now)))
            .OrderBy(m => m.Status == MembershipStatus.Ended ? 1 : 0).ThenBy(m => m.ValidFrom).ToList();
    }

    /// <summary>The case-holding role of each user (one per user in Casus's roles).</summary>
    public async Task<Dictionary<Guid, string>> RolesOfAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        var pairs = await (from ur in db.UserRoles
                           where userIds.Contains(ur.UserId)
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        return pairs.Where(p => p.Name is not null && CasePolicies.MemberRoles.Contains(p.Name))
            .GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.First().Name!);
    }

    public static MembershipStatus StatusOf(RecordMembership m, DateTimeOffset now) =>
        m.ActiveAt(now) ? MembershipStatus.Active : m.ValidFrom > now ? MembershipStatus.Upcoming : MembershipStatus.Ended;

    /// <summary>Case events and the case's signals in order; a member whose profile hides earlier history sees from their start.</summary>
    private async Task<IReadOnlyList<CaseTimelineItem>> TimelineAsync(Case @case, DateTimeOffset? from, CancellationToken ct)
    {
        var visibleFrom = from ?? DateTimeOffset.MinValue;
        var events = await db.Set<CaseEvent>().AsNoTracking().Where(e => e.CaseId == @case.Id).ToListAsync(ct);
        events = events.Where(e => e.At >= visibleFrom).ToList();
        var signals = await db.Set<Signal>().AsNoTracking().Where(s => s.CaseId == @case.Id)
            .Select(s => new { s.Id, s.Reference, s.ReceivedAt, s.Phenomenon, s.ReporterOrganisationId, s.Source }).ToListAsync(ct);
        signals = signals.Where(s => s.ReceivedAt >= visibleFrom).ToList();
        var membershipIds = events.Where(e => e.Kind is CaseEventKind.MemberAdded or CaseEventKind.MemberChanged or CaseEventKind.MemberEnded)
            .Select(e => e.RelatedId).OfType<Guid>().ToList();
        var memberships = await (from m in db.RecordMemberships
                                 where membershipIds.Contains(m.Id)
                                 join u in db.Users on m.UserId equals u.Id
                                 join o in db.Organisations on m.OrganisationId equals o.Id
                                 select new { m.Id, u.DisplayName, Organisation = o.Name }).ToDictionaryAsync(m => m.Id, ct);
        var userIds = events.Select(e => e.ActorUserId).OfType<Guid>()
            .Concat(events.Where(e => e.Kind == CaseEventKind.CoordinatorChanged).Select(e => e.RelatedId).OfType<Guid>()).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, Org = u.Organisation!.Name }).ToDictionaryAsync(u => u.Id, ct);
        var orgIds = signals.Select(s => s.ReporterOrganisationId).OfType<Guid>().Distinct().ToList();
        var orgs = await db.Organisations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

        var items = new List<(DateTimeOffset At, Guid Order, CaseTimelineItem Item)>();
        foreach (var e in events)
        {
            var actor = e.ActorUserId is { } a && users.TryGetValue(a, out var found) ? found : null;
            string? memberName = null, memberOrg = null;
            if (e.Kind == CaseEventKind.CoordinatorChanged && e.RelatedId is { } coordinator && users.TryGetValue(coordinator, out var c))
            {
                (memberName, memberOrg) = (c.DisplayName, c.Org);
            }
            else if (e.RelatedId is { } related && memberships.TryGetValue(related, out var m))
            {
                (memberName, memberOrg) = (m.DisplayName, m.Organisation);
            }
            var detail = await protector.DecryptOrNullAsync(@case.DataKeyId, CaseFields.EventDetail, e.DetailCiphertext, ct);
            items.Add((e.At, e.Id, new CaseTimelineItem(e.At, e.Kind, actor?.DisplayName, actor?.Org, e.StageFrom, e.StageTo, e.Outcome, e.Until, detail,
                memberName, memberOrg, null, e.Kind == CaseEventKind.SignalLinked ? e.RelatedId : null, null, null, null)));
        }
        foreach (var s in signals)
        {
            items.Add((s.ReceivedAt, s.Id, new CaseTimelineItem(s.ReceivedAt, null, null, null, null, null, null, null, null, null, null,
                s.Reference, s.Id, s.Phenomenon, s.ReporterOrganisationId is { } o ? orgs.GetValueOrDefault(o) : null, s.Source)));
        }
        return items.OrderBy(i => i.At).ThenBy(i => i.Order).Select(i => i.Item).ToList();
    }
}
