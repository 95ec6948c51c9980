using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Assessments;

/// <summary>One loaded template version as assessors will see it: domains, items with their scales, factors, judgement.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class TemplateDetailModel(TemplateAdmin templates) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public TemplateDetail Detail { get; private set; } = null!;
    public string Language => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await templates.GetAsync(Id, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        Detail = result.Value!;
        return Page();
    }
}
