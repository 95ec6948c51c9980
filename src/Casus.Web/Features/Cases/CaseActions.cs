using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Cases;

/// <summary>A move in the lifecycle: closing needs <see cref="Outcome"/>, aftercare needs <see cref="AftercareUntil"/>.</summary>
public sealed record StageChangeInput(CaseStage? To, string? Reason, CaseOutcome? Outcome = null, DateOnly? AftercareUntil = null);
public sealed record CloseCaseInput(CaseOutcome? Outcome, string? Reason);
public sealed record CoordinatorInput(Guid? UserId, string? Reason);
/// <summary>Adding a member: who, what for, on which legal basis, from which day up to and including which day.</summary>
public sealed record MemberInput(Guid? UserId, string? Purpose, string? LegalBasis, DateOnly? From, DateOnly? Until);
public sealed record PeriodInput(DateOnly? From, DateOnly? Until, string? Reason);
public sealed record EndMemberInput(string? Reason);

/// <summary>What a change answers: the case's new stage and version (the next If-Match).</summary>
public sealed record CaseChanged(Guid Id, string Reference, CaseStage Stage, Guid Version);

/// <summary>
/// Running a case: lifecycle steps with a reason, closing with an outcome, aftercare, the coordinator, and membership
/// (add, change the period, end now). Only the runners of the case's municipality may; every change is an event on the
/// timeline and a record in the processing log, and a stale version is refused, never merged. Membership changes
/// move the case's version too: two people editing the same case's members cannot both win silently.
/// </summary>
public sealed class CaseActions(CasusDbContext db, CaseAccess access, PersonDataProtector protector, IProcessingLogger log,
    ICurrentUser me, TimeProvider time, NationalProfile profile, CaseQueries queries)
{
    public Task<Result<CaseChanged>> ChangeStageAsync(Guid id, Guid version, StageChangeInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (@case, now) =>
        {
            var errors = new FieldErrors();
            if (input.To is not { } to || !Enum.IsDefined(to))
            {
                errors.Add("To", "Validation.To.Required");
            }
            else if (!CaseLifecycle.CanMove(@case.Stage, to))
            {
                errors.Add("To", "Validation.To.NotAllowed");
            }
            errors.Text("Reason", input.Reason, CaseRules.ReasonMax, required: true);
            if (input.To == CaseStage.Closed && (input.Outcome is not { } outcome || !Enum.IsDefined(outcome)))
            {
                errors.Add("Outcome", "Validation.Outcome.Required");
            }
            var today = CaseDates.Today(time);
            if (input.To == CaseStage.Aftercare)
            {
                if (input.AftercareUntil is not { } until)
                {
                    errors.Add("AftercareUntil", "Validation.AftercareUntil.Required");
                }
                else if (until <= today)
                {
                    errors.Add("AftercareUntil", "Validation.AftercareUntil.NotAfterToday");
                }
                else if (until > today.AddDays(CaseRules.AftercareMaxDays))
                {
                    errors.Add("AftercareUntil", "Validation.AftercareUntil.TooFar");
                }
            }
            if (errors.Any)
            {
                return errors.ToError();
            }
            var from = @case.Stage;
            var target = input.To!.Value;
            switch (target)
            {
                case CaseStage.Closed:
                    @case.Outcome = input.Outcome;
                    @case.ClosedAt = now;
                    @case.AftercareUntil = null;
                    break;
                case CaseStage.Aftercare:
                    @case.AftercareUntil = input.AftercareUntil;
                    break;
                case CaseStage.InConsultation when !CaseLifecycle.IsOpen(from):
                    // Reopened: the earlier closing stays on the timeline, the case itself is open again.
                    @case.Outcome = null;
                    @case.ClosedAt = null;
                    @case.AftercareUntil = null;
                    break;
            }
            @case.Stage = target;
            var e = Event(@case, now, CaseEventKind.StageChanged, null, await EncryptAsync(@case, input.Reason!, ct));
            e.StageFrom = from;
            e.StageTo = target;
            e.Outcome = target == CaseStage.Closed ? input.Outcome : null;
            e.Until = target == CaseStage.Aftercare ? input.AftercareUntil : null;
            return null;
        }, ct);

    public Task<Result<CaseChanged>> CloseAsync(Guid id, Guid version, CloseCaseInput input, CancellationToken ct = default) =>
        ChangeStageAsync(id, version, new StageChangeInput(CaseStage.Closed, input.Reason, input.Outcome), ct);

    /// <summary>Hands the case to another process coordinator of an organisation that serves the case's municipality.</summary>
    public Task<Result<CaseChanged>> ChangeCoordinatorAsync(Guid id, Guid version, CoordinatorInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (@case, now) =>
        {
            var errors = new FieldErrors().Text("Reason", input.Reason, CaseRules.ReasonMax, required: true);
            if (input.UserId is not { } userId)
            {
                errors.Add("UserId", "Validation.Coordinator.Required");
            }
            else if (userId == @case.CoordinatorUserId)
            {
                errors.Add("UserId", "Validation.Coordinator.Same");
            }
            else if (!await CoordinatorCandidates(@case).AnyAsync(u => u.Id == userId, ct))
            {
                errors.Add("UserId", "Validation.Coordinator.NotEligible");
            }
            if (errors.Any)
            {
                return errors.ToError();
            }
            @case.CoordinatorUserId = input.UserId!.Value;
            Event(@case, now, CaseEventKind.CoordinatorChanged, input.UserId, await EncryptAsync(@case, input.Reason!, ct));
            return null;
        }, ct);

    public Task<Result<CaseChanged>> AddMemberAsync(Guid id, Guid version, MemberInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (@case, now) =>
        {
            var errors = new FieldErrors()
                .Text("Purpose", input.Purpose, CaseRules.PurposeMax, required: true)
                .Text("LegalBasis", input.LegalBasis, CaseRules.LegalBasisMax, required: true);
            CasusUser? user = null;
            string? role = null;
            if (input.UserId is not { } userId)
            {
                errors.Add("UserId", "Validation.Member.Required");
            }
            else
            {
                user = await MemberCandidates(@case).SingleOrDefaultAsync(u => u.Id == userId, ct);
                role = user is null ? null : (await queries.RolesOfAsync([user.Id], ct)).GetValueOrDefault(user.Id);
                if (user is null || role is null)
                {
                    errors.Add("UserId", "Validation.Member.NotEligible");
                }
                else if (await db.RecordMemberships.AnyAsync(m => m.RecordKind == CaseAccess.RecordKind && m.RecordId == @case.Id && m.UserId == userId
                    && (m.ValidUntil == null || m.ValidUntil > now), ct))
                {
                    errors.Add("UserId", "Validation.Member.AlreadyMember");
                }
            }
            ValidatePeriod(errors, input.From, input.Until, role == Roles.OccasionalPartner, fromMayBePast: false);
            if (errors.Any)
            {
                return errors.ToError();
            }
            var membership = new RecordMembership
            {
                RecordKind = CaseAccess.RecordKind, RecordId = @case.Id, UserId = user!.Id, OrganisationId = user.OrganisationId,
                Purpose = input.Purpose!.Trim(), LegalBasis = input.LegalBasis!.Trim(),
                ValidFrom = StartOf(input.From!.Value, now), ValidUntil = input.Until is { } until ? CaseDates.StartOf(until.AddDays(1)) : null,
                CreatedAt = now, CreatedBy = me.UserId ?? Guid.Empty,
            };
            db.Add(membership);
            var e = Event(@case, now, CaseEventKind.MemberAdded, membership.Id, await EncryptAsync(@case, membership.Purpose, ct));
            e.Until = input.Until;
            return null;
        }, ct);

    /// <summary>Changes a membership's period: its last day, and its first day while it has not started yet.</summary>
    public Task<Result<CaseChanged>> ChangeMemberPeriodAsync(Guid id, Guid version, Guid membershipId, PeriodInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (@case, now) =>
        {
            var membership = await MembershipAsync(@case, membershipId, ct);
            if (membership is null)
            {
                return AppError.NotFound();
            }
            var errors = new FieldErrors().Text("Reason", input.Reason, CaseRules.ReasonMax, required: true);
            if (membership.ValidUntil is { } ended && ended <= now)
            {
                return new AppError("membership_ended", StatusCodes.Status409Conflict, "Case.MembershipAlreadyEnded");
            }
            var started = membership.ValidFrom <= now;
            // A membership that has started keeps its first day: access already given is not rewritten.
            var from = started ? DateOnly.FromDateTime(membership.ValidFrom.UtcDateTime) : input.From;
            var role = (await queries.RolesOfAsync([membership.UserId], ct)).GetValueOrDefault(membership.UserId);
            ValidatePeriod(errors, from, input.Until, role == Roles.OccasionalPartner, fromMayBePast: started);
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (!started)
            {
                membership.ValidFrom = StartOf(from!.Value, now);
            }
            membership.ValidUntil = input.Until is { } until ? CaseDates.StartOf(until.AddDays(1)) : null;
            var e = Event(@case, now, CaseEventKind.MemberChanged, membership.Id, await EncryptAsync(@case, input.Reason!, ct));
            e.Until = input.Until;
            return null;
        }, ct);

    /// <summary>Ends a membership now: the member loses access at once.</summary>
    public Task<Result<CaseChanged>> EndMemberAsync(Guid id, Guid version, Guid membershipId, EndMemberInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (@case, now) =>
        {
            var membership = await MembershipAsync(@case, membershipId, ct);
            if (membership is null)
            {
                return AppError.NotFound();
            }
            var errors = new FieldErrors().Text("Reason", input.Reason, CaseRules.ReasonMax, required: true);
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (membership.ValidUntil is { } ended && ended <= now)
            {
                return new AppError("membership_ended", StatusCodes.Status409Conflict, "Case.MembershipAlreadyEnded");
            }
            if (membership.ValidFrom > now)
            {
                membership.ValidFrom = now;
            }
            membership.ValidUntil = now;
            Event(@case, now, CaseEventKind.MemberEnded, membership.Id, await EncryptAsync(@case, input.Reason!, ct));
            return null;
        }, ct);

    /// <summary>
    /// Who may be added: active users of an organisation in the case's region who can hold a case (partners, occasional
    /// partners, coordinators, case directors); the role check is done on the chosen user.
    /// </summary>
    public IQueryable<CasusUser> MemberCandidates(Case @case)
    {
        var region = db.Municipalities.Where(m => m.Id == @case.MunicipalityId).Select(m => m.RegionId);
        var memberRoles = db.Roles.Where(r => CasePolicies.MemberRoles.Contains(r.Name!)).Select(r => r.Id);
        var withRole = db.UserRoles.Where(ur => memberRoles.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return db.Users.Where(u => u.IsActive && region.Contains(u.Organisation!.RegionId) && withRole.Contains(u.Id));
    }

    /// <summary>Process coordinators of the organisations that serve the case's municipality.</summary>
    public IQueryable<CasusUser> CoordinatorCandidates(Case @case)
    {
        var serving = db.OrganisationMunicipalities.Where(s => s.MunicipalityId == @case.MunicipalityId).Select(s => s.OrganisationId);
        var role = db.Roles.Where(r => r.Name == Roles.ProcessCoordinator).Select(r => r.Id);
        var coordinators = db.UserRoles.Where(ur => role.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return db.Users.Where(u => u.IsActive && serving.Contains(u.OrganisationId) && coordinators.Contains(u.Id));
    }

    /// <summary>A case this user runs, for the pages that prepare a change (candidates, current values).</summary>
    public Task<Case?> RunAsync(Guid id, CancellationToken ct) => access.Run().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);

    public Task<RecordMembership?> MembershipAsync(Case @case, Guid membershipId, CancellationToken ct) =>
        db.RecordMemberships.SingleOrDefaultAsync(m => m.Id == membershipId && m.RecordKind == CaseAccess.RecordKind && m.RecordId == @case.Id, ct);

    private void ValidatePeriod(FieldErrors errors, DateOnly? from, DateOnly? until, bool occasional, bool fromMayBePast)
    {
        var today = CaseDates.Today(time);
        if (from is not { } start)
        {
            errors.Add("From", "Validation.From.Required");
            return;
        }
        if (!fromMayBePast && start < today)
        {
            errors.Add("From", "Validation.From.InPast");
        }
        if (until is not { } end)
        {
            // An occasional partner is never added open-ended: the period is what ends their access.
            if (occasional)
            {
                errors.Add("Until", "Validation.Until.RequiredForOccasional");
            }
            return;
        }
        if (end < start || end < today)
        {
            errors.Add("Until", "Validation.Until.BeforeFrom");
        }
        else if (occasional && end.DayNumber - start.DayNumber > profile.OccasionalMembershipMaxDays)
        {
            errors.Add("Until", "Validation.Until.TooLongForOccasional");
        }
    }

    /// <summary>A membership starting today starts now: the member sees the case from the moment they are added.</summary>
    private static DateTimeOffset StartOf(DateOnly from, DateTimeOffset now) =>
        from <= DateOnly.FromDateTime(now.UtcDateTime) ? now : CaseDates.StartOf(from);

    private Task<string> EncryptAsync(Case @case, string text, CancellationToken ct) =>
        protector.EncryptAsync(@case.DataKeyId, CaseFields.EventDetail, text.Trim(), ct);

    private async Task<Result<CaseChanged>> ChangeAsync(Guid id, Guid version, Func<Case, DateTimeOffset, Task<AppError?>> change, CancellationToken ct)
    {
        var @case = await access.Run().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        if (@case.Version != version)
        {
            return AppError.Conflict();
        }
        var error = await change(@case, time.GetUtcNow());
        if (error is not null)
        {
            return error;
        }
        @case.Version = Guid.NewGuid();
        await log.RecordAsync(CaseActivities.Cases, "update", [CaseActivities.Subject(@case.PersonId)], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return new CaseChanged(@case.Id, @case.Reference, @case.Stage, @case.Version);
    }

    private CaseEvent Event(Case @case, DateTimeOffset now, CaseEventKind kind, Guid? related, string? detailCiphertext)
    {
        var e = new CaseEvent
        {
            CaseId = @case.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = kind, RelatedId = related,
            DetailCiphertext = detailCiphertext,
        };
        db.Add(e);
        return e;
    }
}
