using System.Globalization;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>The municipalities: a list by region, searchable, sortable and paged, and a form to add one.</summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class MunicipalitiesModel(MunicipalityAdmin municipalities, RegionAdmin regions) : ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "region")] public Guid? RegionId { get; set; }
    public PageOf<MunicipalityDto> List { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Choice> Regions { get; private set; } = [];
    [BindProperty] public MunicipalityForm Input { get; set; } = new();
    public MunicipalityFieldsView Fields => new(this, Input, Regions, Creating: true, RegionName: null);

    protected override IEnumerable<KeyValuePair<string, string?>> Filters => [new("region", RegionId?.ToString("D", CultureInfo.InvariantCulture))];
    protected override IReadOnlyList<string> SortKeys => ["name", "-name", "region"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A new municipality goes into the region the list shows, unless the admin picks another.
        Input.RegionId = RegionId;
        await LoadAsync(ct);
        return PageOrLast(List);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await municipalities.CreateAsync(Input.ToInput(), ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = "Admin.Municipality.Created";
        return RedirectToPage("MunicipalityEdit", new { id = result.Value!.Id });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        List = await municipalities.ListAsync(Query, RegionId, ct);
        Regions = (await AllAsync(q => regions.ListAsync(q, ct))).Select(r => new Choice(r.Id.ToString(), r.Name)).ToList();
    }
}

/// <summary>The fields of the municipality form. The region is chosen when the municipality is added and stays.</summary>
public sealed class MunicipalityForm
{
    public Guid? RegionId { get; set; }
    public string? Name { get; set; }
    public string? Code { get; set; }

    public MunicipalityInput ToInput() => new(RegionId, Name, Code);

    public static MunicipalityForm From(MunicipalityDto m) => new() { RegionId = m.RegionId, Name = m.Name, Code = m.Code };
}

/// <summary>The model of the _MunicipalityFields partial.</summary>
public sealed record MunicipalityFieldsView(FormPageModel Page, MunicipalityForm Input, IReadOnlyList<Choice> Regions, bool Creating, string? RegionName);
