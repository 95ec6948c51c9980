using Casus.Web.Features.Cases;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Assessments;

/// <summary>
/// Recording an assessment: choose a template, rate every item on its scale, add notes per domain, tick the protective
/// factors present, give the judgement and why. Recorded once; a correction is a new assessment.
/// </summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class NewModel(AssessmentQueries queries, RecordAssessment record) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    /// <summary>The chosen template version (query string when choosing, hidden field when saving).</summary>
    [BindProperty(SupportsGet = true, Name = "template")] public Guid? TemplateId { get; set; }
    /// <summary>The newest assessment of the case when the form was opened; a newer one makes the save fail.</summary>
    [BindProperty] public Guid Newest { get; set; }
    [BindProperty] public Dictionary<string, int?> Ratings { get; set; } = [];
    [BindProperty] public Dictionary<string, string?> DomainNotes { get; set; } = [];
    [BindProperty] public List<string> ProtectiveFactors { get; set; } = [];
    [BindProperty] public string? SummaryJudgement { get; set; }
    [BindProperty] public string? Rationale { get; set; }

    public AssessmentForm Form { get; private set; } = null!;
    public TemplateChoice? Template { get; private set; }
    public string Language => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Newest = Form.Newest;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A dictionary with nothing posted under its prefix is bound from the whole form; keep only what was posted for it.
        Ratings = Ratings.Where(r => Request.Form.ContainsKey($"Ratings[{r.Key}]")).ToDictionary();
        DomainNotes = DomainNotes.Where(n => Request.Form.ContainsKey($"DomainNotes[{n.Key}]")).ToDictionary();
        var result = await record.HandleAsync(Id, Newest,
            new AssessmentInput(TemplateId, Ratings, DomainNotes, ProtectiveFactors, SummaryJudgement, Rationale), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Assessment.Recorded";
            return RedirectToPage("Detail", new { id = Id, assessmentId = result.Value!.Id });
        }
        if (result.Error!.Code == AppError.NotFound().Code || !await LoadAsync(ct))
        {
            return NotFound();
        }
        // What the assessor entered stays; after a conflict the hidden "newest" stays too, so they must look first.
        ShowError(result.Error);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var form = await queries.FormAsync(Id, ct);
        if (!form.Ok)
        {
            return false;
        }
        Form = form.Value!;
        Template = TemplateId is { } chosen
            ? Form.Templates.FirstOrDefault(x => x.Id == chosen)
            : Form.Templates.Count == 1 ? Form.Templates[0] : null;
        TemplateId = Template?.Id;
        return true;
    }

    public string FieldClass(string field) => HasError(field) ? "utrecht-form-fieldset--invalid casus-invalid" : "";
}
