using Casus.Web.Features.ActionPlans;
using Casus.Web.Features.Assessments;
using Casus.Web.Features.Interventions;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Consultations;

public sealed record ConsultationListItem(Guid Id, DateTimeOffset StartsAt, string? Place, string? OnlineLink, string MunicipalityName,
    string ChairName, MinutesStatus MinutesStatus, int ItemCount, DateTimeOffset? CancelledAt = null);

/// <summary>A line of the meeting's history: moved (from when and where, why), cancelled (why), an item or invitee removed.</summary>
public sealed record ConsultationChangeView(ConsultationChangeKind Kind, DateTimeOffset At, string ActorName, string? Reason,
    DateTimeOffset? FromStartsAt, string? FromPlace, string? FromOnlineLink, string? UserName, int? ItemNumber);

/// <summary>
/// An agenda item as this user may see it: with its case (<see cref="CaseId"/>, <see cref="CaseReference"/>) only when
/// they may see the case and have acknowledged confidentiality; otherwise only "item n: a case on the agenda".
/// </summary>
public sealed record AgendaItemView(Guid Id, int Number, bool Visible, Guid? CaseId, string? CaseReference);

public sealed record InviteeView(Guid UserId, string Name, string Organisation, bool Occasional, int? ItemNumber, bool? Attended, DateTimeOffset? AcknowledgedAt);

public sealed record ConsultationDetail(Guid Id, DateTimeOffset StartsAt, string? Place, string? OnlineLink, Guid MunicipalityId,
    string MunicipalityName, Guid ChairUserId, string ChairName, DecisionMode DecisionMode, MinutesStatus MinutesStatus, DateTimeOffset? FixedAt,
    string? FixedByName, bool CanRun, DateTimeOffset? AcknowledgedAt, IReadOnlyList<AgendaItemView> Items, IReadOnlyList<InviteeView> Invitees, Guid Version,
    DateTimeOffset? CancelledAt = null, bool Held = false, IReadOnlyList<ConsultationChangeView>? Changes = null)
{
    /// <summary>Whether the runners may still move or cancel it, and remove items and invitees: not cancelled and not held.</summary>
    public bool Changeable => CanRun && CancelledAt is null && !Held;
}

public sealed record EntryView(Guid Id, MinutesEntryKind Kind, string Text, string? OrganisationName, string? LegalBasis, DecisionMode? DecidedBy,
    string? OwnerName, DateOnly? Deadline, DateTimeOffset CreatedAt, string CreatedByName, DateTimeOffset? CorrectedAt, EntryPlanTask? PlanTask = null,
    string? OwnerOrganisationName = null);

/// <summary>The task of the case's action plan a follow-up action was taken into: its goal's domain, the intervention and the responsible organisation.</summary>
public sealed record EntryPlanTask(Guid ActionId, LifeDomain Domain, string InterventionName, string ResponsibleOrganisationName, DateOnly DueOn);

public sealed record ItemMinutes(Guid Id, Guid ConsultationId, int Number, Guid CaseId, string CaseReference, Guid? AssessmentId,
    DateTimeOffset? AssessmentAt, string? AssessmentTemplate, MinutesStatus MinutesStatus, bool CanRun, DecisionMode DecisionMode,
    IReadOnlyList<EntryView> Entries, Guid Version, DateTimeOffset? ConsultationAt = null, DateTimeOffset? CancelledAt = null,
    string MunicipalityName = "", DateTimeOffset? FixedAt = null);

/// <summary>Reading consultations: the list, one meeting with its agenda as this user may see it, and one item's minutes.</summary>
public sealed class ConsultationQueries(CasusDbContext db, ConsultationAccess access, CaseAccess cases, PersonDataProtector protector,
    IProcessingLogger log, ConsultationActions actions)
{
    public async Task<IReadOnlyList<ConsultationListItem>> ListAsync(CancellationToken ct = default)
    {
        var rows = await (from c in access.Visible()
                          join m in db.Municipalities on c.MunicipalityId equals m.Id
                          join u in db.Users on c.ChairUserId equals u.Id
                          orderby c.StartsAt descending
                          select new ConsultationListItem(c.Id, c.StartsAt, c.Place, c.OnlineLink, m.Name, u.DisplayName, c.MinutesStatus,
                              db.Set<ConsultationItem>().Count(i => i.ConsultationId == c.Id), c.CancelledAt)).Take(200).ToListAsync(ct);
        return rows;
    }

    public async Task<Result<ConsultationDetail>> GetAsync(Guid id, CancellationToken ct = default)
    {
        var meeting = await access.Visible().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (meeting is null)
        {
            return AppError.NotFound();
        }
        var canRun = await access.Run().AnyAsync(c => c.Id == id, ct);
        var acknowledgedAt = await access.AcknowledgedAtAsync(id, ct);
        var visibleCases = access.VisibleCaseIds();
        var items = await (from i in db.Set<ConsultationItem>()
                           join c in db.Set<Case>() on i.CaseId equals c.Id
                           where i.ConsultationId == id
                           orderby i.Number
                           select new { i.Id, i.Number, CaseId = c.Id, c.Reference, c.PersonId, Visible = visibleCases.Contains(c.Id) }).ToListAsync(ct);
        var shown = acknowledgedAt is not null;
        var itemViews = items.Select(i => shown && i.Visible ? new AgendaItemView(i.Id, i.Number, true, i.CaseId, i.Reference) : new AgendaItemView(i.Id, i.Number, false, null, null)).ToList();
        var numbers = items.ToDictionary(i => i.Id, i => i.Number);
        var acks = await db.Set<ConsultationAcknowledgement>().Where(a => a.ConsultationId == id).ToDictionaryAsync(a => a.UserId, a => a.At, ct);
        var invitees = await (from i in db.Set<ConsultationInvitee>()
                              join u in db.Users on i.UserId equals u.Id
                              join o in db.Organisations on u.OrganisationId equals o.Id
                              where i.ConsultationId == id
                              orderby o.Name, u.DisplayName
                              select new { i.UserId, u.DisplayName, Organisation = o.Name, i.ItemId, i.Attended }).ToListAsync(ct);
        var inviteeViews = invitees.Select(i => new InviteeView(i.UserId, i.DisplayName, i.Organisation, i.ItemId is not null,
            i.ItemId is { } itemId ? numbers.GetValueOrDefault(itemId) : null, i.Attended, acks.TryGetValue(i.UserId, out var at) ? at : null)).ToList();
        var names = await db.Users.Where(u => u.Id == meeting.ChairUserId || u.Id == meeting.FixedByUserId).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var municipality = await db.Municipalities.Where(m => m.Id == meeting.MunicipalityId).Select(m => m.Name).SingleAsync(ct);
        var shownPersons = items.Where(i => shown && i.Visible).Select(i => CaseActivities.Subject(i.PersonId)).ToList();
        if (shownPersons.Count > 0)
        {
            await log.RecordReadAsync(CaseActivities.Cases, "read", shownPersons, ct);
        }
        var changes = await (from x in db.Set<ConsultationChange>()
                             join a in db.Users on x.ActorUserId equals a.Id
                             join u in db.Users on x.UserId equals u.Id into us
                             from u in us.DefaultIfEmpty()
                             where x.ConsultationId == id
                             select new { Change = x, Actor = a.DisplayName, User = u == null ? null : u.DisplayName }).ToListAsync(ct);
        var changeViews = changes.OrderByDescending(x => x.Change.At).ThenByDescending(x => x.Change.Id)
            .Select(x => new ConsultationChangeView(x.Change.Kind, x.Change.At, x.Actor, x.Change.Reason, x.Change.FromStartsAt, x.Change.FromPlace,
                x.Change.FromOnlineLink, x.User, x.Change.ItemNumber)).ToList();
        return new ConsultationDetail(meeting.Id, meeting.StartsAt, meeting.Place, meeting.OnlineLink, meeting.MunicipalityId, municipality,
            meeting.ChairUserId, names.GetValueOrDefault(meeting.ChairUserId) ?? "", actions.Mode, meeting.MinutesStatus, meeting.FixedAt,
            meeting.FixedByUserId is { } f ? names.GetValueOrDefault(f) : null, canRun, acknowledgedAt, itemViews, inviteeViews, meeting.Version,
            meeting.CancelledAt, await actions.HeldAsync(meeting, ct), changeViews);
    }

    /// <summary>
    /// One item's minutes: only for someone who may see both the meeting and the item's case (else 404), and who has
    /// acknowledged confidentiality for the meeting (else 403 with a message to acknowledge first).
    /// </summary>
    public async Task<Result<ItemMinutes>> ItemAsync(Guid id, Guid itemId, CancellationToken ct = default)
    {
        var meeting = await access.Visible().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        var item = meeting is null ? null : await db.Set<ConsultationItem>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.ConsultationId == id, ct);
        var @case = item is null ? null : await cases.Visible().AsNoTracking().SingleOrDefaultAsync(c => c.Id == item.CaseId, ct);
        if (meeting is null || item is null || @case is null)
        {
            return AppError.NotFound();
        }
        if (await access.AcknowledgedAtAsync(id, ct) is null)
        {
            return ConsultationActions.AcknowledgeFirst();
        }
        var canRun = await access.Run().AnyAsync(c => c.Id == id, ct) && await cases.Run().AnyAsync(c => c.Id == @case.Id, ct);
        var rows = await (from e in db.Set<ConsultationEntry>()
                          join cu in db.Users on e.CreatedByUserId equals cu.Id
                          join o in db.Organisations on e.OrganisationId equals o.Id into os
                          from o in os.DefaultIfEmpty()
                          join ou in db.Users on e.OwnerUserId equals ou.Id into ous
                          from ou in ous.DefaultIfEmpty()
                          where e.ItemId == itemId
                          orderby e.CreatedAt, e.Id
                          select new
                          {
                              Entry = e, CreatedBy = cu.DisplayName, Organisation = o == null ? null : o.Name, Owner = ou == null ? null : ou.DisplayName,
                              OwnerOrganisation = ou == null ? null : ou.Organisation!.Name,
                          })
                          .ToListAsync(ct);
        var tasks = await (from a in db.Set<PlanAction>()
                           join e in db.Set<ConsultationEntry>() on a.SourceEntryId equals e.Id
                           join g in db.Set<PlanGoal>() on a.GoalId equals g.Id
                           join iv in db.Set<Intervention>() on a.InterventionId equals iv.Id
                           join o in db.Organisations on a.ResponsibleOrganisationId equals o.Id
                           where e.ItemId == itemId
                           select new { EntryId = e.Id, Task = new EntryPlanTask(a.Id, g.Domain, iv.Name, o.Name, a.DueOn) }).ToDictionaryAsync(x => x.EntryId, x => x.Task, ct);
        var entries = new List<EntryView>();
        foreach (var r in rows)
        {
            var e = r.Entry;
            entries.Add(new EntryView(e.Id, e.Kind, await protector.DecryptAsync(@case.DataKeyId, ConsultationFields.Entry, e.TextCiphertext, ct),
                r.Organisation, e.LegalBasis, e.DecidedBy, r.Owner, e.Deadline, e.CreatedAt, r.CreatedBy, e.CorrectedAt, tasks.GetValueOrDefault(e.Id),
                r.OwnerOrganisation));
        }
        var assessment = item.AssessmentId is { } aid
            ? await db.Set<Assessment>().Where(a => a.Id == aid).Select(a => new { a.AssessedAt, a.TemplateKey }).SingleOrDefaultAsync(ct)
            : null;
        await log.RecordReadAsync(CaseActivities.Cases, "read", [CaseActivities.Subject(@case.PersonId)], ct);
        var municipality = await db.Municipalities.Where(m => m.Id == meeting.MunicipalityId).Select(m => m.Name).SingleAsync(ct);
        return new ItemMinutes(item.Id, id, item.Number, @case.Id, @case.Reference, item.AssessmentId, assessment?.AssessedAt, assessment?.TemplateKey,
            meeting.MinutesStatus, canRun, actions.Mode, entries, meeting.Version, meeting.StartsAt, meeting.CancelledAt, municipality, meeting.FixedAt);
    }

    /// <summary>Assessments of a case, newest first, to choose the one discussed.</summary>
    public async Task<IReadOnlyList<(Guid Id, DateTimeOffset At, string Template)>> AssessmentsOfAsync(Guid caseId, CancellationToken ct) =>
        (await db.Set<Assessment>().Where(a => a.CaseId == caseId).OrderByDescending(a => a.AssessedAt)
            .Select(a => new { a.Id, a.AssessedAt, a.TemplateKey }).ToListAsync(ct)).Select(a => (a.Id, a.AssessedAt, a.TemplateKey)).ToList();
}
