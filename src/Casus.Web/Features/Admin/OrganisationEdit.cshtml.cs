using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>Edit one partner organisation; its region stays, the municipalities it serves are its region's.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class OrganisationEditModel(OrganisationAdmin organisations, MunicipalityAdmin municipalities) : FormPageModel
{
    public OrganisationDto Organisation { get; private set; } = null!;
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];
    [BindProperty] public OrganisationForm Input { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public OrganisationFieldsView Fields => new(this, Input, Creating: false, Organisation.RegionName, Municipalities);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await organisations.GetAsync(id, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        Organisation = result.Value!;
        Input = OrganisationForm.From(Organisation);
        Version = Organisation.Version;
        Municipalities = await OrganisationForm.MunicipalitiesAsync(municipalities, Organisation.RegionId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await organisations.UpdateAsync(id, Version, Input.ToInput(), ct);
        return await AfterSaveAsync(result, id, "Common.Saved", async () =>
        {
            var current = await organisations.GetAsync(id, ct);
            if (!current.Ok)
            {
                return NotFound();
            }
            Organisation = current.Value!;
            Municipalities = await OrganisationForm.MunicipalitiesAsync(municipalities, Organisation.RegionId, ct);
            return Page();
        });
    }
}
