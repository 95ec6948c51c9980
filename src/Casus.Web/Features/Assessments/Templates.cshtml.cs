using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Assessments;

/// <summary>System admins load template documents (a file or pasted JSON), see every version and retire one.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class TemplatesModel(TemplateAdmin templates) : FormPageModel
{
    public IReadOnlyList<TemplateDto> List { get; private set; } = [];
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Json { get; set; }
    [BindProperty] public Guid TemplateId { get; set; }
    [BindProperty] public Guid Version { get; set; }
    public string Language => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await templates.ListAsync(true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLoadAsync(CancellationToken ct)
    {
        var json = Json;
        if (Upload is { Length: > 0 })
        {
            using var reader = new StreamReader(Upload.OpenReadStream());
            json = await reader.ReadToEndAsync(ct);
        }
        var result = await templates.LoadAsync(json, ct);
        if (result.Ok)
        {
            TempData["Message"] = "Template.Loaded";
            TempData["MessageArg"] = $"{result.Value!.Key} v{result.Value.TemplateVersion}";
            return RedirectToPage();
        }
        ShowError(result.Error!);
        List = await templates.ListAsync(true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(CancellationToken ct)
    {
        var result = await templates.RetireAsync(TemplateId, Version, ct);
        if (result.Ok)
        {
            TempData["Message"] = "Template.Retired";
            TempData["MessageArg"] = $"{result.Value!.Key} v{result.Value.TemplateVersion}";
            return RedirectToPage();
        }
        if (result.Error!.Code == Platform.Errors.AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        List = await templates.ListAsync(true, ct);
        return Page();
    }
}
