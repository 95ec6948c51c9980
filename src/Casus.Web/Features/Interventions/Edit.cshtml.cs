using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Interventions;

/// <summary>One entry of the catalogue: change it, or retire it so plans no longer offer it.</summary>
[Authorize(Policy = InterventionPolicies.Manage)]
public sealed class EditModel(InterventionCatalogue catalogue) : Shared.FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public InterventionInput? Input { get; set; }
    public InterventionItem Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Input = null;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct) =>
        await AfterSaveAsync(await catalogue.UpdateAsync(Id, Version, Input ?? new(null, null, null, null, null, null), ct), Id, "Intervention.Saved",
            async () => await LoadAsync(ct) ? Page() : NotFound());

    public async Task<IActionResult> OnPostRetireAsync(CancellationToken ct)
    {
        Input = null;
        return await AfterSaveAsync(await catalogue.RetireAsync(Id, Version, ct), Id, "Intervention.RetiredMessage",
            async () => await LoadAsync(ct) ? Page() : NotFound());
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var found = await catalogue.GetAsync(Id, ct);
        if (!found.Ok)
        {
            return false;
        }
        Item = found.Value!;
        return true;
    }
}
