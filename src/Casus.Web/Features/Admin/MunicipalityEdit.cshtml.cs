using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>Edit one municipality's name and code; its region stays.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class MunicipalityEditModel(MunicipalityAdmin municipalities) : FormPageModel
{
    public MunicipalityDto Municipality { get; private set; } = null!;
    [BindProperty] public MunicipalityForm Input { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public MunicipalityFieldsView Fields => new(this, Input, [], Creating: false, Municipality.RegionName);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await municipalities.GetAsync(id, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        Municipality = result.Value!;
        Input = MunicipalityForm.From(Municipality);
        Version = Municipality.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await municipalities.UpdateAsync(id, Version, Input.ToInput(), ct);
        return await AfterSaveAsync(result, id, "Common.Saved", async () =>
        {
            var current = await municipalities.GetAsync(id, ct);
            if (!current.Ok)
            {
                return NotFound();
            }
            Municipality = current.Value!;
            return Page();
        });
    }
}
