using System.Text.Json;
using Casus.Web.Features.ActionPlans;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Interventions;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Evaluations;

/// <summary>The lessons of an evaluation in words; at least one of them is needed.</summary>
public sealed record EvaluationInput(string? WhatWorked, string? CouldBeBetter, string? Cooperation);

/// <summary>What the evaluation stores besides the lessons: taken from the case when it is saved, never typed.</summary>
public sealed record EvaluationFigures(string MunicipalityName, CaseOutcome? Outcome, int? DurationDays, IReadOnlyList<Phenomenon> Phenomena,
    IReadOnlyList<InterventionKind> InterventionKinds);

/// <summary>
/// The evaluation of one case as its runners see it: the figures that will be stored, the lessons recorded so far and
/// the version (the next If-Match; null while nothing is recorded). <see cref="CanEvaluate"/>: the case is closed or in aftercare.
/// </summary>
public sealed record EvaluationView(Guid CaseId, string CaseReference, CaseStage Stage, bool CanEvaluate, EvaluationFigures Figures,
    string? WhatWorked, string? CouldBeBetter, string? Cooperation, DateTimeOffset? RecordedAt, Guid? Version);

/// <summary>What recording answers: the evaluation's new version (the next If-Match).</summary>
public sealed record EvaluationSaved(Guid CaseId, Guid Id, Guid Version);

/// <summary>
/// Recording the evaluation of a case: only its runners (<see cref="CaseAccess.Run"/>), only when the case is closed or
/// in aftercare. The lessons are refused when they contain what identifies the person (<see cref="PersonalDataCheck"/>,
/// with the person's name parts decrypted from the case's signals for this check only); the figures are taken from the
/// case. Every save is an event on the case's timeline and a record in the processing log; changing it later needs
/// the version, and a stale one is refused, never merged.
/// </summary>
public sealed class EvaluationActions(CasusDbContext db, CaseAccess access, PersonDataProtector protector, IProcessingLogger log,
    ICurrentUser me, TimeProvider time)
{
    public static bool CanEvaluate(CaseStage stage) => stage is CaseStage.Closed or CaseStage.Aftercare;

    public static AppError CaseOpen() => new("case_open", StatusCodes.Status409Conflict, "Evaluation.CaseOpen");

    public async Task<Result<EvaluationView>> GetAsync(Guid caseId, CancellationToken ct = default)
    {
        var @case = await access.Run().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        if (@case.DestroyedAt is not null)
        {
            return Retention.RetentionErrors.Destroyed();
        }
        var figures = await FiguresAsync(@case, ct);
        var existing = await db.Set<CaseEvaluation>().AsNoTracking().SingleOrDefaultAsync(e => e.CaseId == caseId, ct);
        return new EvaluationView(@case.Id, @case.Reference, @case.Stage, CanEvaluate(@case.Stage), figures.Figures,
            existing?.WhatWorked, existing?.CouldBeBetter, existing?.Cooperation, existing?.RecordedAt, existing?.Version);
    }

    /// <summary>Records the evaluation (no version: the first time) or changes it (the version last read).</summary>
    public async Task<Result<EvaluationSaved>> RecordAsync(Guid caseId, Guid? version, EvaluationInput input, CancellationToken ct = default)
    {
        var @case = await access.Run().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        if (@case.DestroyedAt is not null)
        {
            return Retention.RetentionErrors.Destroyed();
        }
        if (!CanEvaluate(@case.Stage))
        {
            return CaseOpen();
        }
        var evaluation = await db.Set<CaseEvaluation>().SingleOrDefaultAsync(e => e.CaseId == caseId, ct);
        if (evaluation is not null && version is null)
        {
            return AppError.PreconditionRequired();
        }
        if (evaluation?.Version != version)
        {
            return AppError.Conflict();
        }

        var errors = new FieldErrors()
            .Text(nameof(input.WhatWorked), input.WhatWorked, EvaluationRules.LessonMax)
            .Text(nameof(input.CouldBeBetter), input.CouldBeBetter, EvaluationRules.LessonMax)
            .Text(nameof(input.Cooperation), input.Cooperation, EvaluationRules.LessonMax);
        if (string.IsNullOrWhiteSpace(input.WhatWorked) && string.IsNullOrWhiteSpace(input.CouldBeBetter) && string.IsNullOrWhiteSpace(input.Cooperation))
        {
            errors.Add(nameof(input.WhatWorked), "Validation.Lessons.Required");
        }
        var names = await NamePartsAsync(@case, ct);
        var references = await db.Set<Signal>().Where(s => s.CaseId == @case.Id || s.PersonId == @case.PersonId).Select(s => s.Reference).ToListAsync(ct);
        references.Add(@case.Reference);
        foreach (var (field, text) in new[] { (nameof(input.WhatWorked), input.WhatWorked), (nameof(input.CouldBeBetter), input.CouldBeBetter),
                     (nameof(input.Cooperation), input.Cooperation) })
        {
            foreach (var kind in PersonalDataCheck.Find(text, names, references))
            {
                errors.Add(field, PersonalDataCheck.MessageKey(kind));
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var now = time.GetUtcNow();
        var (figures, regionId) = await FiguresAsync(@case, ct);
        if (evaluation is null)
        {
            evaluation = new CaseEvaluation { CaseId = @case.Id, RecordedAt = now, RecordedBy = me.UserId ?? Guid.Empty };
            db.Add(evaluation);
        }
        evaluation.RegionId = regionId;
        evaluation.MunicipalityId = @case.MunicipalityId;
        evaluation.Outcome = figures.Outcome ?? CaseOutcome.Other;
        evaluation.DurationDays = figures.DurationDays ?? 0;
        evaluation.Phenomena = CaseEvaluation.Join(figures.Phenomena);
        evaluation.InterventionKinds = CaseEvaluation.Join(figures.InterventionKinds);
        evaluation.WhatWorked = Clean(input.WhatWorked);
        evaluation.CouldBeBetter = Clean(input.CouldBeBetter);
        evaluation.Cooperation = Clean(input.Cooperation);
        evaluation.ChangedAt = now;
        evaluation.Version = Guid.NewGuid();
        db.Add(new CaseEvent
        {
            CaseId = @case.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = CaseEventKind.Evaluated, RelatedId = evaluation.Id,
        });
        await log.RecordAsync(CaseActivities.Cases, "evaluate", [CaseActivities.Subject(@case.PersonId)], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A stale version, or two first recordings at once (the unique index on the case): the later one loses.
            return AppError.Conflict();
        }
        return new EvaluationSaved(@case.Id, evaluation.Id, evaluation.Version);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The figures of the case as they would be stored now, and the region of its municipality.</summary>
    private async Task<(EvaluationFigures Figures, Guid RegionId)> FiguresAsync(Case @case, CancellationToken ct)
    {
        var municipality = await db.Municipalities.Where(m => m.Id == @case.MunicipalityId).Select(m => new { m.Name, m.RegionId }).SingleAsync(ct);
        var phenomena = await db.Set<Signal>().Where(s => s.CaseId == @case.Id).Select(s => s.Phenomenon).Distinct().ToListAsync(ct);
        var kinds = await (from a in db.Set<PlanAction>()
                           where a.CaseId == @case.Id
                           join i in db.Set<Intervention>() on a.InterventionId equals i.Id
                           select i.Kind).Distinct().ToListAsync(ct);
        int? duration = @case.ClosedAt is { } closed && CanEvaluate(@case.Stage)
            ? Math.Max(0, DateOnly.FromDateTime(closed.UtcDateTime).DayNumber - DateOnly.FromDateTime(@case.OpenedAt.UtcDateTime).DayNumber)
            : null;
        var figures = new EvaluationFigures(municipality.Name, CanEvaluate(@case.Stage) ? @case.Outcome : null, duration,
            phenomena.Order().ToList(), kinds.Order().ToList());
        return (figures, municipality.RegionId);
    }

    /// <summary>
    /// The person's names as the case's signals give them (given names, surname with and without prefix, aliases,
    /// online handle), decrypted in memory for the check and not kept.
    /// </summary>
    private async Task<List<string>> NamePartsAsync(Case @case, CancellationToken ct)
    {
        var signals = await db.Set<Signal>().AsNoTracking()
            .Where(s => (s.CaseId == @case.Id || s.PersonId == @case.PersonId) && s.DestroyedAt == null)
            .Select(s => new { s.DataKeyId, s.SubjectCiphertext }).ToListAsync(ct);
        var names = new List<string>();
        foreach (var s in signals)
        {
            var subject = JsonSerializer.Deserialize<SignalSubject>(
                await protector.DecryptAsync(s.DataKeyId, SignalFields.Subject, s.SubjectCiphertext, ct), SignalRules.Json);
            if (subject is null)
            {
                continue;
            }
            names.AddRange(new[] { subject.GivenNames, subject.Surname, subject.OnlineHandle }.OfType<string>());
            if (subject.SurnamePrefix is { } prefix && subject.Surname is { } surname)
            {
                names.Add(prefix + " " + surname);
            }
            names.AddRange(subject.Aliases);
        }
        return names;
    }
}
