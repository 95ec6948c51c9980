using Casus.Web.Features.Admin;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.PartnerSystems;

/// <summary>Partner systems: register one for an organisation (the secret is shown once), deactivate or reactivate.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class IndexModel(PartnerSystemAdmin admin, OrganisationAdmin organisations) : ListPageModel
{
    [BindProperty] public Guid? OrganisationId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public Guid ClientKey { get; set; }
    public PageOf<PartnerSystemDto> List { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Choice> Organisations { get; private set; } = [];
    public PartnerSystemCredentials? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return PageOrLast(List);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await admin.CreateAsync(new PartnerSystemInput(OrganisationId, Name), ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
        }
        else
        {
            // Not redirected and not stored: the secret appears in this one response only.
            Created = result.Value;
            Name = null;
            OrganisationId = null;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken ct) => await SetActiveAsync(false, ct);

    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken ct) => await SetActiveAsync(true, ct);

    private async Task<IActionResult> SetActiveAsync(bool active, CancellationToken ct)
    {
        var result = await admin.SetActiveAsync(ClientKey, active, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        TempData["Message"] = active ? "PartnerSystem.Reactivated" : "PartnerSystem.Deactivated";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        List = await admin.ListAsync(Query, ct);
        Organisations = await UserForm.OrganisationsAsync(organisations, ct);
    }
}
