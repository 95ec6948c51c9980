using System.Globalization;
using System.Text.Json;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Assessments;

public sealed record AssessmentHeader(Guid Id, string TemplateKey, int TemplateVersion, string TemplateName, DateTimeOffset AssessedAt,
    string AssessorRole, string AssessorOrganisation, string SummaryJudgement, string SummaryLabel);

public sealed record AssessmentList(Guid CaseId, string CaseReference, Guid Newest, IReadOnlyList<AssessmentHeader> Items);

public sealed record RatedItem(string Code, string Text, int Value, string Label);
public sealed record DomainResult(string Key, string Name, IReadOnlyList<RatedItem> Items, string? Note);
public sealed record FactorResult(string Code, string Text, bool Present);

public sealed record AssessmentDetail(Guid CaseId, string CaseReference, AssessmentHeader Assessment, Guid? PreviousId,
    IReadOnlyList<DomainResult> Domains, IReadOnlyList<FactorResult> ProtectiveFactors, string Rationale);

public sealed record ItemChange(string DomainName, string Code, string Text, int? PreviousValue, string? PreviousLabel, int? CurrentValue, string? CurrentLabel)
{
    public bool Changed => PreviousValue != CurrentValue;
}

public sealed record FactorChange(string Code, string Text);

/// <summary>This assessment against the previous one of the same template key: what changed, nothing else left out.</summary>
public sealed record AssessmentComparison(Guid CaseId, string CaseReference, AssessmentHeader Current, AssessmentHeader? Previous,
    IReadOnlyList<ItemChange> Items, IReadOnlyList<FactorChange> FactorsGained, IReadOnlyList<FactorChange> FactorsLost)
{
    public int ChangedCount => Items.Count(i => i.Changed);
    public bool JudgementChanged => Previous is not null && Previous.SummaryJudgement != Current.SummaryJudgement;
}

public sealed record AssessmentForm(Guid CaseId, string CaseReference, Guid Newest, IReadOnlyList<TemplateChoice> Templates);

/// <summary>A template as the assessment form offers it: the newest version of each key that is not retired.</summary>
public sealed record TemplateChoice(Guid Id, string Key, int TemplateVersion, string Name, bool RequiresCertification, TemplateDocument Document);

/// <summary>Reading assessments: the list of a case, one assessment, and the comparison with the previous one. Every read is logged.</summary>
public sealed class AssessmentQueries(CasusDbContext db, AssessmentAccess access, PersonDataProtector protector, IProcessingLogger log)
{
    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<Result<AssessmentList>> ListAsync(Guid caseId, CancellationToken ct = default)
    {
        var @case = await access.Cases().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        var rows = await LoadAsync(caseId, null, ct);
        var headers = new List<AssessmentHeader>();
        foreach (var row in rows)
        {
            headers.Add(Header(row, await DecryptAsync(@case, row.Assessment, ct)));
        }
        await log.RecordAsync(AssessmentActivities.Assessments, "list", [AssessmentActivities.Subject(@case.PersonId)], ct);
        return new AssessmentList(@case.Id, @case.Reference, rows.FirstOrDefault()?.Assessment.Id ?? Guid.Empty, headers);
    }

    public async Task<Result<AssessmentDetail>> GetAsync(Guid caseId, Guid id, CancellationToken ct = default)
    {
        var @case = await access.Cases().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var rows = @case is null ? [] : await LoadAsync(caseId, null, ct);
        var row = rows.FirstOrDefault(r => r.Assessment.Id == id);
        if (@case is null || row is null)
        {
            return AppError.NotFound();
        }
        var result = await DecryptAsync(@case, row.Assessment, ct);
        var document = TemplateDocument.FromStored(row.Definition);
        var domains = document.Domains.Select(d => new DomainResult(d.Key, d.Name(Language),
            d.Items.Select(i => Rated(document, i, result.Ratings[i.Code])).ToList(), result.DomainNotes.GetValueOrDefault(d.Key))).ToList();
        var factors = document.ProtectiveFactors.Select(p => new FactorResult(p.Code, p.Text(Language), result.ProtectiveFactors.Contains(p.Code))).ToList();
        await log.RecordAsync(AssessmentActivities.Assessments, "read", [AssessmentActivities.Subject(@case.PersonId)], ct);
        return new AssessmentDetail(@case.Id, @case.Reference, Header(row, result), Previous(rows, row)?.Assessment.Id, domains, factors, result.Rationale);
    }

    public async Task<Result<AssessmentComparison>> CompareAsync(Guid caseId, Guid id, CancellationToken ct = default)
    {
        var @case = await access.Cases().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var rows = @case is null ? [] : await LoadAsync(caseId, null, ct);
        var current = rows.FirstOrDefault(r => r.Assessment.Id == id);
        if (@case is null || current is null)
        {
            return AppError.NotFound();
        }
        var previous = Previous(rows, current);
        var now = await DecryptAsync(@case, current.Assessment, ct);
        var then = previous is null ? null : await DecryptAsync(@case, previous.Assessment, ct);
        var nowDoc = TemplateDocument.FromStored(current.Definition);
        var thenDoc = previous is null ? null : TemplateDocument.FromStored(previous.Definition);

        // Items of both versions: a later version may add or drop items, which then show as rated on one side only.
        var items = new List<ItemChange>();
        foreach (var domain in nowDoc.Domains)
        {
            foreach (var item in domain.Items)
            {
                var before = then?.Ratings.TryGetValue(item.Code, out var v) == true ? (int?)v : null;
                var thenItem = thenDoc?.Items.FirstOrDefault(i => i.Code == item.Code);
                items.Add(new ItemChange(domain.Name(Language), item.Code, item.Text(Language),
                    before, before is { } b && thenItem is not null ? thenDoc!.ScaleOf(thenItem).Option(b)?.Label(Language) : null,
                    now.Ratings[item.Code], nowDoc.ScaleOf(item).Option(now.Ratings[item.Code])?.Label(Language)));
            }
        }
        if (thenDoc is not null)
        {
            foreach (var domain in thenDoc.Domains)
            {
                foreach (var item in domain.Items.Where(i => nowDoc.Items.All(n => n.Code != i.Code) && then!.Ratings.ContainsKey(i.Code)))
                {
                    var before = then!.Ratings[item.Code];
                    items.Add(new ItemChange(domain.Name(Language), item.Code, item.Text(Language), before, thenDoc.ScaleOf(item).Option(before)?.Label(Language), null, null));
                }
            }
        }
        var factorText = (string code) => (nowDoc.ProtectiveFactors.FirstOrDefault(p => p.Code == code) ?? thenDoc?.ProtectiveFactors.FirstOrDefault(p => p.Code == code))?.Text(Language) ?? code;
        var gained = then is null ? [] : now.ProtectiveFactors.Except(then.ProtectiveFactors).Select(c => new FactorChange(c, factorText(c))).ToList();
        var lost = then is null ? [] : then.ProtectiveFactors.Except(now.ProtectiveFactors).Select(c => new FactorChange(c, factorText(c))).ToList();
        await log.RecordAsync(AssessmentActivities.Assessments, "compare", [AssessmentActivities.Subject(@case.PersonId)], ct);
        return new AssessmentComparison(@case.Id, @case.Reference, Header(current, now), previous is null ? null : Header(previous, then!), items, gained, lost);
    }

    /// <summary>
    /// What the form needs for a case the user may assess in (404 otherwise): the templates on offer and the newest
    /// assessment of the case, which the form sends back so a save over an unseen assessment is refused.
    /// </summary>
    public async Task<Result<AssessmentForm>> FormAsync(Guid caseId, CancellationToken ct = default)
    {
        var @case = await access.Cases().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null)
        {
            return AppError.NotFound();
        }
        var newest = await db.Set<Assessment>().Where(a => a.CaseId == caseId).OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id)
            .Select(a => a.Id).FirstOrDefaultAsync(ct);
        return new AssessmentForm(@case.Id, @case.Reference, newest, await CurrentTemplatesAsync(ct));
    }

    public async Task<IReadOnlyList<TemplateChoice>> CurrentTemplatesAsync(CancellationToken ct = default)
    {
        var templates = await db.Set<AssessmentTemplate>().AsNoTracking().Where(x => x.RetiredAt == null).ToListAsync(ct);
        return templates.GroupBy(x => x.Key).Select(g => g.MaxBy(x => x.TemplateVersion)!)
            .OrderBy(x => x.Name(Language), StringComparer.CurrentCultureIgnoreCase)
            .Select(x => new TemplateChoice(x.Id, x.Key, x.TemplateVersion, x.Name(Language), x.RequiresCertification, TemplateDocument.FromStored(x.Definition)))
            .ToList();
    }

    private sealed record Row(Assessment Assessment, string Definition, string NameNl, string NameEn, string Organisation);

    /// <summary>The case's assessments, newest first, with their template and the assessor's organisation.</summary>
    private async Task<List<Row>> LoadAsync(Guid caseId, string? templateKey, CancellationToken ct)
    {
        var rows = await (
            from a in db.Set<Assessment>().AsNoTracking()
            join x in db.Set<AssessmentTemplate>() on a.TemplateId equals x.Id
            join o in db.Organisations on a.AssessorOrganisationId equals o.Id
            where a.CaseId == caseId && (templateKey == null || a.TemplateKey == templateKey)
            select new Row(a, x.Definition, x.NameNl, x.NameEn, o.Name)).ToListAsync(ct);
        return rows.OrderByDescending(r => r.Assessment.AssessedAt).ThenByDescending(r => r.Assessment.Id).ToList();
    }

    /// <summary>The assessment of the same template key recorded just before this one, if any.</summary>
    private static Row? Previous(List<Row> newestFirst, Row row) =>
        newestFirst.SkipWhile(r => r.Assessment.Id != row.Assessment.Id).Skip(1).FirstOrDefault(r => r.Assessment.TemplateKey == row.Assessment.TemplateKey);

    private async Task<AssessmentResult> DecryptAsync(Case @case, Assessment assessment, CancellationToken ct) =>
        JsonSerializer.Deserialize<AssessmentResult>(await protector.DecryptAsync(@case.DataKeyId, AssessmentFields.Result, assessment.ResultCiphertext, ct), AssessmentResult.Json)!;

    private static AssessmentHeader Header(Row row, AssessmentResult result)
    {
        var document = TemplateDocument.FromStored(row.Definition);
        var a = row.Assessment;
        return new AssessmentHeader(a.Id, a.TemplateKey, a.TemplateVersion, Language == "nl" ? row.NameNl : row.NameEn, a.AssessedAt,
            a.AssessorRole, row.Organisation, result.SummaryJudgement,
            document.SummaryOptions.FirstOrDefault(o => o.Key == result.SummaryJudgement)?.Label(Language) ?? result.SummaryJudgement);
    }

    private static RatedItem Rated(TemplateDocument document, TemplateItem item, int value) =>
        new(item.Code, item.Text(Language), value, document.ScaleOf(item).Option(value)?.Label(Language) ?? value.ToString(CultureInfo.InvariantCulture));
}
