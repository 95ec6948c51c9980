using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Assessments;

/// <summary>Assessors' certifications per template: list, add, revoke (system admins).</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class CertificationsModel(CertificationAdmin certifications, TemplateAdmin templates, TimeProvider time) : FormPageModel
{
    public IReadOnlyList<CertificationDto> List { get; private set; } = [];
    public IReadOnlyList<Choice> Assessors { get; private set; } = [];
    public IReadOnlyList<Choice> TemplateKeys { get; private set; } = [];
    public DateOnly Today { get; private set; }
    [BindProperty] public CertificationForm Input { get; set; } = new();
    [BindProperty] public Guid CertificationId { get; set; }
    [BindProperty] public Guid Version { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var result = await certifications.AddAsync(Input.ToInput(), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Certification.Added";
            return RedirectToPage();
        }
        ShowError(result.Error!);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        var result = await certifications.RevokeAsync(CertificationId, Version, ct);
        if (result.Ok)
        {
            TempData["Message"] = "Certification.Revoked";
            return RedirectToPage();
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The status of a certification today, as a resource key.</summary>
    public string StatusKey(CertificationDto c) =>
        c.RevokedAt is not null ? "Certification.Status.Revoked"
        : c.ValidUntil < Today ? "Certification.Status.Expired"
        : c.CertifiedOn > Today ? "Certification.Status.NotYet"
        : "Certification.Status.Valid";

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        List = await certifications.ListAsync(ct);
        Assessors = await certifications.AssessorChoicesAsync(ct);
        TemplateKeys = (await templates.ListAsync(true, ct)).GroupBy(x => x.Key).Select(g => new Choice(g.Key, $"{g.First().NameEn} / {g.First().NameNl} ({g.Key})")).ToList();
    }
}

public sealed class CertificationForm
{
    public Guid? UserId { get; set; }
    public string? TemplateKey { get; set; }
    public DateOnly? CertifiedOn { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public string? Note { get; set; }

    public CertificationInput ToInput() => new(UserId, TemplateKey, CertifiedOn, ValidUntil, Note);
}
