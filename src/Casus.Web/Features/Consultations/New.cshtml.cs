using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Consultations;

/// <summary>Scheduling a consultation: municipality, date and time, place or online link, and the chair.</summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class NewModel(ConsultationActions actions, CaseAccess cases, CasusDbContext db) : FormPageModel
{
    [BindProperty] public Guid? MunicipalityId { get; set; }
    [BindProperty] public DateTime? StartsAt { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? OnlineLink { get; set; }
    [BindProperty] public Guid? ChairUserId { get; set; }
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];
    public IReadOnlyList<Choice> Chairs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The form's date and time are the wall clock of the server's time zone, as the pages show times.
        DateTimeOffset? startsAt = StartsAt is { } local ? new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local)) : null;
        var result = await actions.ScheduleAsync(new ScheduleInput(MunicipalityId, startsAt, Place, OnlineLink, ChairUserId), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Consultation.Scheduled";
            return Redirect($"/consultations/{result.Value!.Id}");
        }
        ShowError(result.Error!);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var run = cases.RunMunicipalities();
        Municipalities = await db.Municipalities.Where(m => run.Contains(m.Id)).OrderBy(m => m.Name)
            .Select(m => new Choice(m.Id.ToString(), m.Name, null)).ToListAsync(ct);
        var chairs = new Dictionary<Guid, string>();
        foreach (var m in Municipalities)
        {
            foreach (var u in await actions.ChairCandidates(Guid.Parse(m.Value)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            {
                chairs[u.Id] = u.DisplayName;
            }
        }
        Chairs = chairs.OrderBy(c => c.Value).Select(c => new Choice(c.Key.ToString(), c.Value)).ToList();
    }
}
