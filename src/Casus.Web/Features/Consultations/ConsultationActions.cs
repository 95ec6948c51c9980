using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Consultations;

public sealed record ScheduleInput(Guid? MunicipalityId, DateTimeOffset? StartsAt, string? Place, string? OnlineLink, Guid? ChairUserId);
public sealed record AgendaItemInput(Guid? CaseId);
/// <summary>An invitation: a core partner for the whole meeting (no item), or an occasional partner for one agenda item.</summary>
public sealed record InviteInput(Guid? UserId, Guid? ItemId);
public sealed record AttendanceInput(Guid? UserId, bool? Attended);
public sealed record DiscussedAssessmentInput(Guid? AssessmentId);
/// <summary>
/// A line of the minutes. Information: <see cref="OrganisationId"/> and <see cref="LegalBasis"/>; decision:
/// <see cref="Confirmed"/> (the chair decided, or the members present agreed, as the profile requires); action:
/// <see cref="OwnerUserId"/> and <see cref="Deadline"/>; addendum: only after the minutes were fixed.
/// </summary>
public sealed record EntryInput(MinutesEntryKind? Kind, string? Text, Guid? OrganisationId = null, string? LegalBasis = null,
    bool? Confirmed = null, Guid? OwnerUserId = null, DateOnly? Deadline = null);
public sealed record CorrectionInput(string? Text);
public sealed record FixInput(bool? Confirm);
/// <summary>Moving a meeting that has not been held: the new date and time, place or online link, and why.</summary>
public sealed record RescheduleInput(DateTimeOffset? StartsAt, string? Place, string? OnlineLink, string? Reason);
/// <summary>Cancelling a meeting that has not been held: why, and an explicit confirmation.</summary>
public sealed record CancelInput(string? Reason, bool? Confirm);
/// <summary>Removing an agenda item, an invitee or a draft line of the minutes needs an explicit confirmation.</summary>
public sealed record RemoveInput(bool? Confirm);

/// <summary>What a change answers: the meeting's new version (the next If-Match) and the record made, if any.</summary>
public sealed record ConsultationChanged(Guid Id, Guid Version, Guid? RecordId = null);

/// <summary>
/// Scheduling and running a consultation: agenda, invitations, attendance, acknowledgement of confidentiality, minutes
/// per item, fixing the minutes and addenda afterwards. Only the runners of the meeting's municipality change it; a
/// stale version is refused; fixed minutes are never changed (409), only added to.
/// </summary>
public sealed class ConsultationActions(CasusDbContext db, ConsultationAccess access, CaseAccess cases, PersonDataProtector protector,
    IProcessingLogger log, ICurrentUser me, TimeProvider time, NationalProfile profile)
{
    public static AppError MinutesFixed() => new("minutes_fixed", StatusCodes.Status409Conflict, "Consultation.MinutesFixedError");
    public static AppError AcknowledgeFirst() => new("acknowledgement_required", StatusCodes.Status403Forbidden, "Consultation.AcknowledgeFirst");
    public static AppError Cancelled() => new("consultation_cancelled", StatusCodes.Status409Conflict, "Consultation.CancelledError");
    public static AppError Held() => new("consultation_held", StatusCodes.Status409Conflict, "Consultation.HeldError");
    public static AppError EntryInPlan() => new("entry_in_plan", StatusCodes.Status409Conflict, "Consultation.EntryInPlanError");

    public DecisionMode Mode => profile.ConsultationDecision == "consensus" ? DecisionMode.Consensus : DecisionMode.Chair;

    public async Task<Result<ConsultationChanged>> ScheduleAsync(ScheduleInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var runsMunicipality = input.MunicipalityId is { } municipalityId && await cases.RunMunicipalities().ContainsAsync(municipalityId, ct);
        if (!runsMunicipality)
        {
            errors.Add("MunicipalityId", "Validation.Municipality.Required");
        }
        Validate(errors, input);
        if (runsMunicipality && input.ChairUserId is { } chair && !await ChairCandidates(input.MunicipalityId!.Value).AnyAsync(u => u.Id == chair, ct))
        {
            errors.Add("ChairUserId", "Validation.Chair.NotEligible");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var now = time.GetUtcNow();
        var meeting = new Consultation
        {
            MunicipalityId = input.MunicipalityId!.Value, StartsAt = input.StartsAt!.Value.ToUniversalTime(), Place = Trim(input.Place),
            OnlineLink = Trim(input.OnlineLink), ChairUserId = input.ChairUserId!.Value, MinutesStatus = MinutesStatus.Draft,
            CreatedAt = now, CreatedByUserId = me.UserId ?? Guid.Empty,
        };
        db.Add(meeting);
        await log.RecordAsync(CaseActivities.Cases, "create", [], ct);
        await db.SaveChangesAsync(ct);
        return new ConsultationChanged(meeting.Id, meeting.Version);
    }

    private void Validate(FieldErrors errors, ScheduleInput input)
    {
        errors.Text("Place", input.Place, ConsultationRules.PlaceMax).Text("OnlineLink", input.OnlineLink, ConsultationRules.LinkMax);
        if (input.StartsAt is not { } startsAt)
        {
            errors.Add("StartsAt", "Validation.StartsAt.Required");
        }
        else if (startsAt < time.GetUtcNow().AddDays(-1))
        {
            errors.Add("StartsAt", "Validation.StartsAt.InPast");
        }
        if (string.IsNullOrWhiteSpace(input.Place) && string.IsNullOrWhiteSpace(input.OnlineLink))
        {
            errors.Add("Place", "Validation.Place.PlaceOrLink");
        }
        if (!string.IsNullOrWhiteSpace(input.OnlineLink)
            && (!Uri.TryCreate(input.OnlineLink.Trim(), UriKind.Absolute, out var link) || link.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("OnlineLink", "Validation.OnlineLink.Https");
        }
        if (input.ChairUserId is null)
        {
            errors.Add("ChairUserId", "Validation.Chair.Required");
        }
    }

    /// <summary>Puts a case on the agenda: a case of the meeting's municipality that this user runs, not closed, once.</summary>
    public Task<Result<ConsultationChanged>> AddItemAsync(Guid id, Guid version, AgendaItemInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            var @case = input.CaseId is { } caseId
                ? await cases.Run().Where(c => c.Id == caseId && c.MunicipalityId == meeting.MunicipalityId).SingleOrDefaultAsync(ct)
                : null;
            if (@case is null || !CaseLifecycle.IsOpen(@case.Stage))
            {
                return (new FieldErrors().Add("CaseId", "Validation.AgendaCase.Required").ToError(), null, []);
            }
            if (await db.Set<ConsultationItem>().AnyAsync(i => i.ConsultationId == meeting.Id && i.CaseId == @case.Id, ct))
            {
                return (new FieldErrors().Add("CaseId", "Validation.AgendaCase.AlreadyOnAgenda").ToError(), null, []);
            }
            var number = await db.Set<ConsultationItem>().Where(i => i.ConsultationId == meeting.Id).MaxAsync(i => (int?)i.Number, ct) ?? 0;
            var item = new ConsultationItem { ConsultationId = meeting.Id, CaseId = @case.Id, Number = number + 1 };
            db.Add(item);
            return (null, item.Id, [@case.PersonId]);
        }, ct);

    /// <summary>Invites a core partner to the meeting, or an occasional partner for one agenda item.</summary>
    public Task<Result<ConsultationChanged>> InviteAsync(Guid id, Guid version, InviteInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            var errors = new FieldErrors();
            var user = input.UserId is { } userId ? await InviteeCandidates(meeting.MunicipalityId).SingleOrDefaultAsync(u => u.Id == userId, ct) : null;
            if (user is null)
            {
                errors.Add("UserId", "Validation.Invitee.Required");
            }
            else
            {
                var occasional = await IsOccasionalAsync(user.Id, ct);
                if (occasional && input.ItemId is null)
                {
                    errors.Add("ItemId", "Validation.Invitee.OccasionalNeedsItem");
                }
                else if (!occasional && input.ItemId is not null)
                {
                    errors.Add("ItemId", "Validation.Invitee.CoreForMeeting");
                }
                else if (input.ItemId is { } itemId && !await db.Set<ConsultationItem>().AnyAsync(i => i.Id == itemId && i.ConsultationId == meeting.Id, ct))
                {
                    errors.Add("ItemId", "Validation.Invitee.ItemUnknown");
                }
                else if (await db.Set<ConsultationInvitee>().AnyAsync(i => i.ConsultationId == meeting.Id && i.UserId == user.Id, ct))
                {
                    errors.Add("UserId", "Validation.Invitee.AlreadyInvited");
                }
            }
            if (errors.Any)
            {
                return (errors.ToError(), null, []);
            }
            var invitee = new ConsultationInvitee { ConsultationId = meeting.Id, UserId = user!.Id, ItemId = input.ItemId, InvitedAt = now };
            db.Add(invitee);
            return (null, invitee.Id, []);
        }, ct);

    public Task<Result<ConsultationChanged>> RecordAttendanceAsync(Guid id, Guid version, AttendanceInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            var invitee = input.UserId is { } userId
                ? await db.Set<ConsultationInvitee>().SingleOrDefaultAsync(i => i.ConsultationId == meeting.Id && i.UserId == userId, ct)
                : null;
            var errors = new FieldErrors();
            if (invitee is null)
            {
                errors.Add("UserId", "Validation.Invitee.Required");
            }
            if (input.Attended is null)
            {
                errors.Add("Attended", "Validation.Attended.Required");
            }
            if (errors.Any)
            {
                return (errors.ToError(), null, []);
            }
            invitee!.Attended = input.Attended;
            return (null, invitee.Id, []);
        }, ct);

    /// <summary>
    /// Acknowledges confidentiality for the meeting, with the time; anyone who sees the meeting does this before
    /// seeing its case items. Does not change the meeting's version (it is not an edit of the meeting).
    /// </summary>
    public async Task<Result<ConsultationChanged>> AcknowledgeAsync(Guid id, CancellationToken ct = default)
    {
        var meeting = await access.Visible().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (meeting is null)
        {
            return AppError.NotFound();
        }
        var userId = me.UserId ?? Guid.Empty;
        var existing = await db.Set<ConsultationAcknowledgement>().SingleOrDefaultAsync(a => a.ConsultationId == id && a.UserId == userId, ct);
        if (existing is null)
        {
            existing = new ConsultationAcknowledgement { ConsultationId = id, UserId = userId, At = time.GetUtcNow() };
            db.Add(existing);
            await log.RecordAsync(CaseActivities.Cases, "acknowledge", [], ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Acknowledged twice at the same moment: the first one counts.
            }
        }
        return new ConsultationChanged(id, meeting.Version, existing.Id);
    }

    public Task<Result<ConsultationChanged>> SetAssessmentAsync(Guid id, Guid version, Guid itemId, DiscussedAssessmentInput input, CancellationToken ct = default) =>
        ItemChangeAsync(id, version, itemId, requireDraft: true, async (meeting, item, @case, now) =>
        {
            if (input.AssessmentId is { } assessmentId && !await db.Set<Assessment>().AnyAsync(a => a.Id == assessmentId && a.CaseId == item.CaseId, ct))
            {
                return (new FieldErrors().Add("AssessmentId", "Validation.Assessment.NotOfCase").ToError(), null);
            }
            item.AssessmentId = input.AssessmentId;
            return (null, item.Id);
        }, ct);

    /// <summary>Adds a line to an item's minutes: information, decision or action while a draft; an addendum once fixed.</summary>
    public async Task<Result<ConsultationChanged>> AddEntryAsync(Guid id, Guid version, Guid itemId, EntryInput input, CancellationToken ct = default)
    {
        var addendum = input.Kind == MinutesEntryKind.Addendum;
        return await ItemChangeAsync(id, version, itemId, requireDraft: !addendum, async (meeting, item, @case, now) =>
        {
            var errors = new FieldErrors().Text("Text", input.Text, ConsultationRules.TextMax, required: true);
            if (input.Kind is not { } kind || !Enum.IsDefined(kind))
            {
                errors.Add("Kind", "Validation.Kind.Required");
                return (errors.ToError(), null);
            }
            if (kind == MinutesEntryKind.Addendum && meeting.MinutesStatus != MinutesStatus.Fixed)
            {
                errors.Add("Kind", "Validation.Addendum.NotFixed");
            }
            if (kind == MinutesEntryKind.Information)
            {
                errors.Text("LegalBasis", input.LegalBasis, ConsultationRules.LegalBasisMax, required: true);
                if (input.OrganisationId is not { } orgId || !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
                {
                    errors.Add("OrganisationId", "Validation.Organisation.Required");
                }
            }
            if (kind == MinutesEntryKind.Decision && input.Confirmed != true)
            {
                errors.Add("Confirmed", Mode == DecisionMode.Consensus ? "Validation.Decision.ConsensusRequired" : "Validation.Decision.ChairRequired");
            }
            if (kind == MinutesEntryKind.Action)
            {
                if (input.OwnerUserId is not { } owner || !await db.Users.AnyAsync(u => u.Id == owner && u.IsActive, ct))
                {
                    errors.Add("OwnerUserId", "Validation.Owner.Required");
                }
                if (input.Deadline is not { } deadline)
                {
                    errors.Add("Deadline", "Validation.Deadline.Required");
                }
                else if (deadline < DateOnly.FromDateTime(now.UtcDateTime))
                {
                    errors.Add("Deadline", "Validation.Deadline.InPast");
                }
            }
            if (errors.Any)
            {
                return (errors.ToError(), null);
            }
            var entry = new ConsultationEntry
            {
                ItemId = item.Id, Kind = kind, CreatedAt = now, CreatedByUserId = me.UserId ?? Guid.Empty,
                TextCiphertext = await protector.EncryptAsync(@case.DataKeyId, ConsultationFields.Entry, input.Text!.Trim(), ct),
                OrganisationId = kind == MinutesEntryKind.Information ? input.OrganisationId : null,
                LegalBasis = kind == MinutesEntryKind.Information ? input.LegalBasis!.Trim() : null,
                DecidedBy = kind == MinutesEntryKind.Decision ? Mode : null,
                OwnerUserId = kind == MinutesEntryKind.Action ? input.OwnerUserId : null,
                Deadline = kind == MinutesEntryKind.Action ? input.Deadline : null,
            };
            db.Add(entry);
            return (null, entry.Id);
        }, ct);
    }

    /// <summary>Corrects the text of a line while the minutes are a draft; fixed minutes refuse (409).</summary>
    public Task<Result<ConsultationChanged>> CorrectEntryAsync(Guid id, Guid version, Guid itemId, Guid entryId, CorrectionInput input, CancellationToken ct = default) =>
        ItemChangeAsync(id, version, itemId, requireDraft: true, async (meeting, item, @case, now) =>
        {
            var entry = await db.Set<ConsultationEntry>().SingleOrDefaultAsync(e => e.Id == entryId && e.ItemId == item.Id, ct);
            if (entry is null)
            {
                return (AppError.NotFound(), null);
            }
            var errors = new FieldErrors().Text("Text", input.Text, ConsultationRules.TextMax, required: true);
            if (errors.Any)
            {
                return (errors.ToError(), null);
            }
            entry.TextCiphertext = await protector.EncryptAsync(@case.DataKeyId, ConsultationFields.Entry, input.Text!.Trim(), ct);
            entry.CorrectedAt = now;
            return (null, entry.Id);
        }, ct);

    /// <summary>
    /// Fixes the minutes (after explicit confirmation): from now on they are read-only, and each case on the agenda
    /// gets a "discussed in consultation" event on its timeline.
    /// </summary>
    public Task<Result<ConsultationChanged>> FixAsync(Guid id, Guid version, FixInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            if (input.Confirm != true)
            {
                return (new FieldErrors().Add("Confirm", "Validation.Fix.Confirm").ToError(), null, []);
            }
            var items = await (from i in db.Set<ConsultationItem>()
                               join c in db.Set<Case>() on i.CaseId equals c.Id
                               where i.ConsultationId == meeting.Id
                               select new { i.Id, c.PersonId, CaseId = c.Id }).ToListAsync(ct);
            if (items.Count == 0)
            {
                return (new FieldErrors().Add("Confirm", "Validation.Fix.NoItems").ToError(), null, []);
            }
            meeting.MinutesStatus = MinutesStatus.Fixed;
            meeting.FixedAt = now;
            meeting.FixedByUserId = me.UserId;
            foreach (var item in items)
            {
                db.Add(new CaseEvent
                {
                    CaseId = item.CaseId, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId,
                    Kind = CaseEventKind.Consultation, RelatedId = meeting.Id,
                });
            }
            return (null, null, items.Select(i => i.PersonId).ToList());
        }, ct);

    /// <summary>
    /// Whether the meeting has been held: its minutes are fixed, attendance was recorded for someone, or a line of the
    /// minutes was written. Until then it can be moved or cancelled, and items and invitees removed.
    /// </summary>
    public async Task<bool> HeldAsync(Consultation meeting, CancellationToken ct)
    {
        if (meeting.MinutesStatus == MinutesStatus.Fixed)
        {
            return true;
        }
        var items = db.Set<ConsultationItem>().Where(i => i.ConsultationId == meeting.Id).Select(i => i.Id);
        return await db.Set<ConsultationInvitee>().AnyAsync(i => i.ConsultationId == meeting.Id && i.Attended != null, ct)
            || await db.Set<ConsultationEntry>().AnyAsync(e => items.Contains(e.ItemId), ct);
    }

    /// <summary>
    /// Moves a meeting that has not been held to a new date and time, place or link, with a reason. Invitees see the
    /// new time and the move; each case on the agenda gets a "consultation moved" event on its timeline.
    /// </summary>
    public Task<Result<ConsultationChanged>> RescheduleAsync(Guid id, Guid version, RescheduleInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            if (await HeldAsync(meeting, ct))
            {
                return (Held(), null, []);
            }
            var errors = new FieldErrors();
            Validate(errors, new ScheduleInput(meeting.MunicipalityId, input.StartsAt, input.Place, input.OnlineLink, meeting.ChairUserId));
            errors.Text("Reason", input.Reason, ConsultationRules.ReasonMax, required: true);
            var startsAt = input.StartsAt?.ToUniversalTime();
            if (!errors.Any && startsAt == meeting.StartsAt && Trim(input.Place) == meeting.Place && Trim(input.OnlineLink) == meeting.OnlineLink)
            {
                errors.Add("StartsAt", "Validation.Reschedule.Unchanged");
            }
            if (errors.Any)
            {
                return (errors.ToError(), null, []);
            }
            var change = new ConsultationChange
            {
                ConsultationId = meeting.Id, Kind = ConsultationChangeKind.Rescheduled, At = now, ActorUserId = me.UserId ?? Guid.Empty,
                Reason = input.Reason!.Trim(), FromStartsAt = meeting.StartsAt, FromPlace = meeting.Place, FromOnlineLink = meeting.OnlineLink,
            };
            db.Add(change);
            meeting.StartsAt = startsAt!.Value;
            meeting.Place = Trim(input.Place);
            meeting.OnlineLink = Trim(input.OnlineLink);
            return (null, change.Id, await CaseEventsAsync(meeting, now, CaseEventKind.ConsultationRescheduled, change.Reason, ct));
        }, ct);

    /// <summary>
    /// Cancels a meeting that has not been held (after explicit confirmation), with a reason. Invitees see it is
    /// cancelled; each case on the agenda gets a "consultation cancelled" event; the meeting is never changed again.
    /// </summary>
    public Task<Result<ConsultationChanged>> CancelAsync(Guid id, Guid version, CancelInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            if (await HeldAsync(meeting, ct))
            {
                return (Held(), null, []);
            }
            var errors = new FieldErrors().Text("Reason", input.Reason, ConsultationRules.ReasonMax, required: true);
            if (input.Confirm != true)
            {
                errors.Add("Confirm", "Validation.Cancel.Confirm");
            }
            if (errors.Any)
            {
                return (errors.ToError(), null, []);
            }
            var change = new ConsultationChange
            {
                ConsultationId = meeting.Id, Kind = ConsultationChangeKind.Cancelled, At = now, ActorUserId = me.UserId ?? Guid.Empty,
                Reason = input.Reason!.Trim(),
            };
            db.Add(change);
            meeting.CancelledAt = now;
            return (null, change.Id, await CaseEventsAsync(meeting, now, CaseEventKind.ConsultationCancelled, change.Reason, ct));
        }, ct);

    /// <summary>
    /// Takes a case off the agenda of a meeting that has not been held (after confirmation); occasional partners
    /// invited only for that item are no longer invited. The other items keep their numbers as announced.
    /// </summary>
    public Task<Result<ConsultationChanged>> RemoveItemAsync(Guid id, Guid version, Guid itemId, RemoveInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            var item = await db.Set<ConsultationItem>().SingleOrDefaultAsync(i => i.Id == itemId && i.ConsultationId == meeting.Id, ct);
            var @case = item is null ? null : await cases.Run().AsNoTracking().SingleOrDefaultAsync(c => c.Id == item.CaseId, ct);
            if (item is null || @case is null)
            {
                return (AppError.NotFound(), null, []);
            }
            if (await HeldAsync(meeting, ct))
            {
                return (Held(), null, []);
            }
            if (input.Confirm != true)
            {
                return (new FieldErrors().Add("Confirm", "Validation.Remove.Confirm").ToError(), null, []);
            }
            var forItem = await db.Set<ConsultationInvitee>().Where(i => i.ConsultationId == meeting.Id && i.ItemId == item.Id).ToListAsync(ct);
            foreach (var invitee in forItem)
            {
                db.Remove(invitee);
                db.Add(new ConsultationChange
                {
                    ConsultationId = meeting.Id, Kind = ConsultationChangeKind.InviteeRemoved, At = now, ActorUserId = me.UserId ?? Guid.Empty,
                    UserId = invitee.UserId, ItemNumber = item.Number,
                });
            }
            db.Remove(item);
            var change = new ConsultationChange
            {
                ConsultationId = meeting.Id, Kind = ConsultationChangeKind.ItemRemoved, At = now, ActorUserId = me.UserId ?? Guid.Empty, ItemNumber = item.Number,
            };
            db.Add(change);
            return (null, change.Id, [@case.PersonId]);
        }, ct);

    /// <summary>Withdraws an invitation before the meeting is held (after confirmation): the person no longer sees the meeting.</summary>
    public Task<Result<ConsultationChanged>> RemoveInviteeAsync(Guid id, Guid version, Guid userId, RemoveInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, requireDraft: true, async (meeting, now) =>
        {
            var invitee = await db.Set<ConsultationInvitee>().SingleOrDefaultAsync(i => i.ConsultationId == meeting.Id && i.UserId == userId, ct);
            if (invitee is null)
            {
                return (AppError.NotFound(), null, []);
            }
            if (await HeldAsync(meeting, ct))
            {
                return (Held(), null, []);
            }
            if (input.Confirm != true)
            {
                return (new FieldErrors().Add("Confirm", "Validation.Remove.Confirm").ToError(), null, []);
            }
            var number = invitee.ItemId is { } itemId
                ? await db.Set<ConsultationItem>().Where(i => i.Id == itemId).Select(i => (int?)i.Number).SingleOrDefaultAsync(ct)
                : null;
            db.Remove(invitee);
            var change = new ConsultationChange
            {
                ConsultationId = meeting.Id, Kind = ConsultationChangeKind.InviteeRemoved, At = now, ActorUserId = me.UserId ?? Guid.Empty,
                UserId = userId, ItemNumber = number,
            };
            db.Add(change);
            return (null, change.Id, []);
        }, ct);

    /// <summary>
    /// Removes a line of draft minutes (after confirmation). Fixed minutes refuse (409 minutes_fixed): they only get
    /// addenda. A follow-up action already taken into the action plan stays (409 entry_in_plan).
    /// </summary>
    public Task<Result<ConsultationChanged>> RemoveEntryAsync(Guid id, Guid version, Guid itemId, Guid entryId, RemoveInput input, CancellationToken ct = default) =>
        ItemChangeAsync(id, version, itemId, requireDraft: true, async (meeting, item, @case, now) =>
        {
            var entry = await db.Set<ConsultationEntry>().SingleOrDefaultAsync(e => e.Id == entryId && e.ItemId == item.Id, ct);
            if (entry is null)
            {
                return (AppError.NotFound(), null);
            }
            if (await db.Set<ActionPlans.PlanAction>().AnyAsync(a => a.SourceEntryId == entry.Id, ct))
            {
                return (EntryInPlan(), null);
            }
            if (input.Confirm != true)
            {
                return (new FieldErrors().Add("Confirm", "Validation.Remove.Confirm").ToError(), null);
            }
            db.Remove(entry);
            return (null, entry.Id);
        }, ct);

    /// <summary>An event on the timeline of each case on the agenda, with the reason encrypted under that case's key; answers the persons concerned.</summary>
    private async Task<IReadOnlyList<Guid>> CaseEventsAsync(Consultation meeting, DateTimeOffset now, CaseEventKind kind, string reason, CancellationToken ct)
    {
        var onAgenda = await (from i in db.Set<ConsultationItem>()
                              join c in db.Set<Case>() on i.CaseId equals c.Id
                              where i.ConsultationId == meeting.Id
                              select new { CaseId = c.Id, c.PersonId, c.DataKeyId }).ToListAsync(ct);
        foreach (var c in onAgenda)
        {
            db.Add(new CaseEvent
            {
                CaseId = c.CaseId, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = kind, RelatedId = meeting.Id,
                DetailCiphertext = await protector.EncryptAsync(c.DataKeyId, CaseFields.EventDetail, reason, ct),
            });
        }
        return onAgenda.Select(c => c.PersonId).ToList();
    }

    /// <summary>Who may chair: active coordinators and case directors of organisations that serve the municipality.</summary>
    public IQueryable<CasusUser> ChairCandidates(Guid municipalityId)
    {
        var serving = db.OrganisationMunicipalities.Where(s => s.MunicipalityId == municipalityId).Select(s => s.OrganisationId);
        var roles = db.Roles.Where(r => r.Name == Roles.ProcessCoordinator || r.Name == Roles.CaseDirector).Select(r => r.Id);
        var withRole = db.UserRoles.Where(ur => roles.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return db.Users.Where(u => u.IsActive && serving.Contains(u.OrganisationId) && withRole.Contains(u.Id));
    }

    /// <summary>Who may be invited: active partners and occasional partners of organisations in the municipality's region.</summary>
    public IQueryable<CasusUser> InviteeCandidates(Guid municipalityId)
    {
        var region = db.Municipalities.Where(m => m.Id == municipalityId).Select(m => m.RegionId);
        var roles = db.Roles.Where(r => r.Name == Roles.PartnerProfessional || r.Name == Roles.OccasionalPartner).Select(r => r.Id);
        var withRole = db.UserRoles.Where(ur => roles.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return db.Users.Where(u => u.IsActive && region.Contains(u.Organisation!.RegionId) && withRole.Contains(u.Id));
    }

    public Task<bool> IsOccasionalAsync(Guid userId, CancellationToken ct)
    {
        var role = db.Roles.Where(r => r.Name == Roles.OccasionalPartner).Select(r => r.Id);
        return db.UserRoles.AnyAsync(ur => ur.UserId == userId && role.Contains(ur.RoleId), ct);
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<Result<ConsultationChanged>> ItemChangeAsync(Guid id, Guid version, Guid itemId, bool requireDraft,
        Func<Consultation, ConsultationItem, Case, DateTimeOffset, Task<(AppError? Error, Guid? RecordId)>> change, CancellationToken ct)
    {
        return await ChangeAsync(id, version, requireDraft, async (meeting, now) =>
        {
            var item = await db.Set<ConsultationItem>().SingleOrDefaultAsync(i => i.Id == itemId && i.ConsultationId == meeting.Id, ct);
            var @case = item is null ? null : await cases.Run().SingleOrDefaultAsync(c => c.Id == item.CaseId, ct);
            if (item is null || @case is null)
            {
                return (AppError.NotFound(), null, []);
            }
            if (await access.AcknowledgedAtAsync(meeting.Id, ct) is null)
            {
                return (AcknowledgeFirst(), null, []);
            }
            var (error, recordId) = await change(meeting, item, @case, now);
            return (error, recordId, [@case.PersonId]);
        }, ct);
    }

    private async Task<Result<ConsultationChanged>> ChangeAsync(Guid id, Guid version, bool requireDraft,
        Func<Consultation, DateTimeOffset, Task<(AppError? Error, Guid? RecordId, IReadOnlyList<Guid> Persons)>> change, CancellationToken ct)
    {
        var meeting = await access.Run().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (meeting is null)
        {
            return AppError.NotFound();
        }
        if (meeting.Version != version)
        {
            return AppError.Conflict();
        }
        if (meeting.CancelledAt is not null)
        {
            return Cancelled();
        }
        if (requireDraft && meeting.MinutesStatus == MinutesStatus.Fixed)
        {
            return MinutesFixed();
        }
        var (error, recordId, persons) = await change(meeting, time.GetUtcNow());
        if (error is not null)
        {
            return error;
        }
        meeting.Version = Guid.NewGuid();
        await log.RecordAsync(CaseActivities.Cases, "update", persons.Select(CaseActivities.Subject).ToList(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return new ConsultationChanged(meeting.Id, meeting.Version, recordId);
    }
}
