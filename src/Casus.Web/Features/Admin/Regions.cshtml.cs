using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>The regions (tenants): a searchable, sortable, paged list and a form to add one.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class RegionsModel(RegionAdmin regions) : ListPageModel
{
    public PageOf<RegionDto> List { get; private set; } = new([], 1, PageSize, 0);
    [BindProperty] public RegionForm Input { get; set; } = new();
    public FormView<RegionForm> Fields => new(this, Input);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await regions.ListAsync(Query, ct);
        return PageOrLast(List);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await regions.CreateAsync(Input.ToInput(), ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            List = await regions.ListAsync(Query, ct);
            return Page();
        }
        TempData["Message"] = "Admin.Region.Created";
        return RedirectToPage("RegionEdit", new { id = result.Value!.Id });
    }
}

/// <summary>The fields of the region form.</summary>
public sealed class RegionForm
{
    public string? Name { get; set; }
    public string? ProfileKey { get; set; }

    public RegionInput ToInput() => new(Name, ProfileKey);

    public static IReadOnlyList<Choice> Profiles => NationalProfiles.All.Select(p => new Choice(p.Key, FormPageModel.ProfileName(p.Key))).ToList();

    public static RegionForm From(RegionDto region) => new() { Name = region.Name, ProfileKey = region.ProfileKey };
}
