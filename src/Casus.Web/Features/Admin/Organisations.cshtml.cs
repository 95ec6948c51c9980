using System.Globalization;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>
/// The partner organisations: a list by region and type, searchable, sortable and paged, and a form to add one.
/// Adding works in two steps without JavaScript: first the region, then the fields with that region's municipalities.
/// </summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class OrganisationsModel(OrganisationAdmin organisations, RegionAdmin regions, MunicipalityAdmin municipalities) : ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "region")] public Guid? RegionId { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public OrganisationType? Type { get; set; }
    public PageOf<OrganisationDto> List { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Choice> Regions { get; private set; } = [];
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];
    [BindProperty] public OrganisationForm Input { get; set; } = new();

    /// <summary>The region the new organisation goes into, once chosen; null shows the first step.</summary>
    public Choice? CreateRegion => Regions.FirstOrDefault(r => r.Value == Input.RegionId?.ToString());

    public OrganisationFieldsView Fields => new(this, Input, Creating: true, CreateRegion?.Text ?? "", Municipalities);

    protected override IEnumerable<KeyValuePair<string, string?>> Filters =>
        [new("region", RegionId?.ToString("D", CultureInfo.InvariantCulture)), new("type", Type?.ToString())];

    protected override IReadOnlyList<string> SortKeys => ["name", "-name", "type"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Input = new OrganisationForm { RegionId = RegionId, IsActive = true };
        await LoadAsync(ct);
        return PageOrLast(List);
    }

    /// <summary>The first step of adding: the region is chosen, show the fields and its municipalities.</summary>
    public async Task<IActionResult> OnPostPickRegionAsync(CancellationToken ct)
    {
        Input = new OrganisationForm { RegionId = Input.RegionId, IsActive = true };
        await LoadAsync(ct);
        if (CreateRegion is null)
        {
            ShowError(new FieldErrors().Add("RegionId", "Validation.RegionId.Required").ToError());
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await organisations.CreateAsync(Input.ToInput(), ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = "Admin.Organisation.Created";
        return RedirectToPage("OrganisationEdit", new { id = result.Value!.Id });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        List = await organisations.ListAsync(Query, RegionId, Type, ct);
        Regions = (await AllAsync(q => regions.ListAsync(q, ct))).Select(r => new Choice(r.Id.ToString(), r.Name)).ToList();
        Municipalities = CreateRegion is null ? [] : await OrganisationForm.MunicipalitiesAsync(municipalities, Input.RegionId!.Value, ct);
    }
}

/// <summary>The fields of the organisation form. The region is chosen when the organisation is added and stays.</summary>
public sealed class OrganisationForm
{
    public Guid? RegionId { get; set; }
    public string? Name { get; set; }
    public OrganisationType? Type { get; set; }
    public string? LegalFramework { get; set; }
    public string? FunctionalMailbox { get; set; }
    // Unchecked checkboxes are not posted: both must default to false here, the pages set the defaults they show.
    public bool RequirePasskeys { get; set; }
    public bool IsActive { get; set; }
    public List<Guid> MunicipalityIds { get; set; } = [];

    public OrganisationInput ToInput() => new(RegionId, Name, Type, LegalFramework, FunctionalMailbox, RequirePasskeys, IsActive, MunicipalityIds);

    public static OrganisationForm From(OrganisationDto o) => new()
    {
        RegionId = o.RegionId, Name = o.Name, Type = o.Type, LegalFramework = o.LegalFramework, FunctionalMailbox = o.FunctionalMailbox,
        RequirePasskeys = o.RequirePasskeys, IsActive = o.IsActive, MunicipalityIds = [.. o.MunicipalityIds],
    };

    /// <summary>The municipalities of a region, as checkbox choices.</summary>
    public static async Task<IReadOnlyList<Choice>> MunicipalitiesAsync(MunicipalityAdmin municipalities, Guid regionId, CancellationToken ct) =>
        (await FormPageModel.AllAsync(q => municipalities.ListAsync(q, regionId, ct))).Select(m => new Choice(m.Id.ToString(), m.Name)).ToList();
}

/// <summary>The model of the _OrganisationFields partial.</summary>
public sealed record OrganisationFieldsView(FormPageModel Page, OrganisationForm Input, bool Creating, string RegionName, IReadOnlyList<Choice> Municipalities)
{
    public static IReadOnlyList<OrganisationType> Types { get; } = Enum.GetValues<OrganisationType>();

    public bool Serves(Choice municipality) => Input.MunicipalityIds.Any(id => id.ToString() == municipality.Value);
}
