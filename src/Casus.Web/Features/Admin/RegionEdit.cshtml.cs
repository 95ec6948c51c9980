using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>Edit one region. The hidden version makes a save fail when someone else saved in between.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class RegionEditModel(RegionAdmin regions) : FormPageModel
{
    public RegionDto Region { get; private set; } = null!;
    [BindProperty] public RegionForm Input { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public FormView<RegionForm> Fields => new(this, Input);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await regions.GetAsync(id, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        Region = result.Value!;
        Input = RegionForm.From(Region);
        Version = Region.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await regions.UpdateAsync(id, Version, Input.ToInput(), ct);
        // Keep what the user typed and the version they started from: they decide what to do with the newer version.
        return await AfterSaveAsync(result, id, "Common.Saved", async () =>
        {
            var current = await regions.GetAsync(id, ct);
            if (!current.Ok)
            {
                return NotFound();
            }
            Region = current.Value!;
            return Page();
        });
    }
}
