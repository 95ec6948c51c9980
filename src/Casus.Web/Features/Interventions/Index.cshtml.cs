using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Interventions;

/// <summary>The region's intervention catalogue: every entry (retired ones too) with how many plans use it, and adding one.</summary>
[Authorize(Policy = InterventionPolicies.Manage)]
public sealed class IndexModel(InterventionCatalogue catalogue) : Shared.FormPageModel
{
    public IReadOnlyList<InterventionItem> List { get; private set; } = [];
    [BindProperty] public InterventionInput Input { get; set; } = new(null, null, null, null, null, null);

    public async Task OnGetAsync(CancellationToken ct) => List = await catalogue.ListAsync(includeRetired: true, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await catalogue.AddAsync(Input, ct);
        if (result.Ok)
        {
            TempData["Message"] = "Intervention.Added";
            return RedirectToPage();
        }
        ShowError(result.Error!);
        List = await catalogue.ListAsync(includeRetired: true, ct);
        return Page();
    }
}
