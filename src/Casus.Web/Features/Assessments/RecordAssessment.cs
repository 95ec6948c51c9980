using System.Globalization;
using System.Text.Json;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Localization;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Casus.Web.Features.Assessments;

/// <summary>What an assessor fills in: a rating per item, optional notes per domain, the protective factors present, the judgement and why.</summary>
public sealed record AssessmentInput(Guid? TemplateId, Dictionary<string, int?>? Ratings, Dictionary<string, string?>? DomainNotes,
    List<string>? ProtectiveFactors, string? SummaryJudgement, string? Rationale);

/// <summary>What an assessment says about the person; stored encrypted with the case's data key.</summary>
public sealed record AssessmentResult(IReadOnlyDictionary<string, int> Ratings, IReadOnlyDictionary<string, string> DomainNotes,
    IReadOnlyList<string> ProtectiveFactors, string SummaryJudgement, string Rationale)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public sealed record RecordedAssessment(Guid Id, Guid CaseId, string TemplateKey, int TemplateVersion, DateTimeOffset AssessedAt);

/// <summary>
/// Who may see and record assessments: the case must be within the user's reach (<see cref="CaseAccess.Visible"/>)
/// and the user must hold a role the national profile lets see assessment results, or run the case. Otherwise the
/// case's assessments are "not found", exactly like a case out of reach.
/// </summary>
public sealed class AssessmentAccess(CaseAccess cases, ICurrentUser me, NationalProfile profile)
{
    public bool HoldsViewerRole => profile.AssessmentViewerRoles.Any(me.IsInRole);

    /// <summary>
    /// The cases whose assessments this user may see and record: every visible case when their role may see results;
    /// otherwise only the cases they run (the profile lets runners of a case always see its assessments), which for a
    /// partner is none.
    /// </summary>
    public IQueryable<Case> Cases() => HoldsViewerRole ? cases.Visible() : cases.Run();
}

/// <summary>
/// Records an assessment, once: a correction is a new assessment. The form carries the newest assessment the assessor
/// saw; if someone recorded one in between, the save is refused so nobody records over a picture they have not read.
/// </summary>
public sealed class RecordAssessment(CasusDbContext db, AssessmentAccess access, PersonDataProtector protector, IProcessingLogger log,
    ICurrentUser me, TimeProvider time, IStringLocalizer<SharedResource> t)
{
    public async Task<Result<RecordedAssessment>> HandleAsync(Guid caseId, Guid newestSeen, AssessmentInput input, CancellationToken ct = default)
    {
        var @case = await access.Cases().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        var template = input.TemplateId is { } templateId
            ? await db.Set<AssessmentTemplate>().SingleOrDefaultAsync(x => x.Id == templateId && x.RetiredAt == null, ct)
            : null;
        if (template is null)
        {
            return new FieldErrors().Add("TemplateId", "Validation.Assessment.Template").ToError();
        }
        var now = time.GetUtcNow();
        if (template.RequiresCertification && await CertificationProblemAsync(template, now, ct) is { } refused)
        {
            return refused;
        }
        var document = TemplateDocument.FromStored(template.Definition);
        var (result, errors) = Validate(document, input);
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (await NewestAsync(caseId, ct) != newestSeen)
        {
            return Conflict();
        }

        var assessment = new Assessment
        {
            CaseId = @case.Id, TemplateId = template.Id, TemplateKey = template.Key, TemplateVersion = template.TemplateVersion, AssessedAt = now,
            AssessorUserId = me.UserId ?? throw new InvalidOperationException("Recording an assessment needs a signed-in user."),
            AssessorOrganisationId = me.OrganisationId ?? throw new InvalidOperationException("An assessor belongs to an organisation."),
            AssessorRole = AssessorRole(),
            PreviousAssessmentId = newestSeen,
            ResultCiphertext = await protector.EncryptAsync(@case.DataKeyId, AssessmentFields.Result, JsonSerializer.Serialize(result, AssessmentResult.Json), ct),
        };
        db.Add(assessment);
        db.Add(new CaseEvent
        {
            CaseId = @case.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId,
            Kind = CaseEventKind.AssessmentRecorded, RelatedId = assessment.Id,
        });
        await log.RecordAsync(AssessmentActivities.Assessments, "create", [AssessmentActivities.Subject(@case.PersonId)], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (case, previous assessment) index: someone else recorded on the same view a moment earlier.
            return Conflict();
        }
        return new RecordedAssessment(assessment.Id, @case.Id, assessment.TemplateKey, assessment.TemplateVersion, now);
    }

    /// <summary>The id of the case's newest assessment, or <see cref="Guid.Empty"/>: the version a form or an If-Match carries.</summary>
    public async Task<Guid> NewestAsync(Guid caseId, CancellationToken ct = default) =>
        await db.Set<Assessment>().Where(a => a.CaseId == caseId).OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id)
            .Select(a => a.Id).FirstOrDefaultAsync(ct);

    public static AppError Conflict() => new(AppError.Conflict().Code, StatusCodes.Status412PreconditionFailed, "Assessment.Conflict");

    private string AssessorRole() => CasePolicies.MemberRoles.FirstOrDefault(me.IsInRole) ?? Roles.PartnerProfessional;

    /// <summary>Null when the assessor holds a certification for the template valid today; otherwise why not, in their language.</summary>
    private async Task<AppError?> CertificationProblemAsync(AssessmentTemplate template, DateTimeOffset now, CancellationToken ct)
    {
        var userId = me.UserId ?? Guid.Empty;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var certifications = await db.Set<AssessorCertification>().AsNoTracking()
            .Where(c => c.UserId == userId && c.TemplateKey == template.Key && c.RevokedAt == null).ToListAsync(ct);
        if (certifications.Any(c => c.ValidOn(today)))
        {
            return null;
        }
        var name = template.Name(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        var expired = certifications.Where(c => c.ValidUntil < today).MaxBy(c => c.ValidUntil);
        var message = expired is not null
            ? t["Assessment.CertificationExpired", name, expired.ValidUntil.ToString("D", CultureInfo.CurrentCulture)].Value
            : certifications.Where(c => c.CertifiedOn > today).MinBy(c => c.CertifiedOn) is { } future
                ? t["Assessment.CertificationNotYet", name, future.CertifiedOn.ToString("D", CultureInfo.CurrentCulture)].Value
                : t["Assessment.CertificationRequired", name].Value;
        return new AppError(expired is not null ? "certification_expired" : "certification_required", StatusCodes.Status403Forbidden, message);
    }

    /// <summary>Every item rated on its own scale; only codes of this template; a judgement from its options and the reasons for it.</summary>
    private (AssessmentResult Result, FieldErrors Errors) Validate(TemplateDocument document, AssessmentInput input)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var errors = new FieldErrors();
        var given = input.Ratings ?? [];
        var ratings = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in document.Items)
        {
            if (!given.TryGetValue(item.Code, out var value) || value is null)
            {
                errors.Add($"Ratings.{item.Code}", t["Validation.Assessment.RatingRequired", item.Text(language)].Value);
            }
            else if (document.ScaleOf(item).Option(value.Value) is null)
            {
                errors.Add($"Ratings.{item.Code}", t["Validation.Assessment.RatingInvalid", item.Text(language)].Value);
            }
            else
            {
                ratings[item.Code] = value.Value;
            }
        }
        foreach (var unknown in given.Keys.Where(k => document.Items.All(i => i.Code != k)))
        {
            errors.Add("Ratings", t["Validation.Assessment.UnknownItem", unknown].Value);
        }
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, note) in input.DomainNotes ?? [])
        {
            if (document.Domains.FirstOrDefault(d => d.Key == key) is not { } domain)
            {
                errors.Add("DomainNotes", t["Validation.Assessment.UnknownDomain", key].Value);
            }
            else if (note?.Trim().Length > TemplateRules.DomainNoteMax)
            {
                errors.Add($"DomainNotes.{key}", t["Validation.Assessment.NoteTooLong", domain.Name(language), TemplateRules.DomainNoteMax].Value);
            }
            else if (!string.IsNullOrWhiteSpace(note))
            {
                notes[key] = note.Trim();
            }
        }
        var factors = (input.ProtectiveFactors ?? []).Distinct(StringComparer.Ordinal).ToList();
        foreach (var unknown in factors.Where(f => document.ProtectiveFactors.All(p => p.Code != f)))
        {
            errors.Add("ProtectiveFactors", t["Validation.Assessment.UnknownFactor", unknown].Value);
        }
        if (string.IsNullOrWhiteSpace(input.SummaryJudgement) || document.SummaryOptions.All(o => o.Key != input.SummaryJudgement))
        {
            errors.Add("SummaryJudgement", "Validation.Assessment.SummaryJudgement");
        }
        if (string.IsNullOrWhiteSpace(input.Rationale))
        {
            errors.Add("Rationale", "Validation.Assessment.Rationale");
        }
        else if (input.Rationale.Trim().Length > TemplateRules.RationaleMax)
        {
            errors.Add("Rationale", "Validation.Assessment.RationaleTooLong");
        }
        var result = new AssessmentResult(ratings, notes,
            document.ProtectiveFactors.Select(p => p.Code).Where(factors.Contains).ToList(), input.SummaryJudgement ?? "", input.Rationale?.Trim() ?? "");
        return (result, errors);
    }
}
