using System.Globalization;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

/// <summary>A professional reports a concern about a person. After saving they see it in their own list.</summary>
[Authorize(Policy = SignalPolicies.Reporter)]
[RequestSizeLimit(AttachmentRules.MaxFiles * AttachmentRules.MaxBytes + 1_000_000)]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentRules.MaxFiles * AttachmentRules.MaxBytes + 1_000_000)]
public sealed class NewModel(RegisterSignal register, CasusDbContext db, ICurrentUser me, NationalProfile profile, IndicatorCatalogues catalogues) : FormPageModel
{
    [BindProperty] public SignalForm Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Attachments { get; set; } = [];
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];
    public IndicatorCatalogue Catalogue => catalogues.Current(profile);
    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // The municipality the reporter's organisation serves is the likely one; with several, the reporter picks.
        var served = await db.OrganisationMunicipalities.Where(s => s.OrganisationId == me.OrganisationId).Select(s => s.MunicipalityId).ToListAsync(ct);
        Input.MunicipalityId = served.Count == 1 ? served[0] : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var uploads = Attachments.Select(f => new AttachmentUpload(f.FileName, f.Length, f.OpenReadStream)).ToList();
        var result = await register.HandleAsync(Input.ToInput(), uploads, ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = "Signal.Registered";
        TempData["MessageArg"] = result.Value!.Reference;
        return RedirectToPage("Mine");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Municipalities = await db.Municipalities.Where(m => m.RegionId == me.RegionId).OrderBy(m => m.Name)
            .Select(m => new Choice(m.Id.ToString(), m.Name, null)).ToListAsync(ct);
}
