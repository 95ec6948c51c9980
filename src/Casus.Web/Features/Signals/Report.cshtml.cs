using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

/// <summary>
/// A member of the public reports a concern without an account. Works without JavaScript; no cookie but the form's
/// antiforgery token. After sending, the follow-up code is shown once, on this response only.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PublicReportOptions.SubmitLimit)]
[RequestSizeLimit(64_000)]
[RequestFormLimits(ValueLengthLimit = 20_000, ValueCountLimit = 30)]
public sealed class ReportModel(PublicReports reports, CasusDbContext db) : FormPageModel
{
    [BindProperty] public PublicReportForm Input { get; set; } = new();
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];
    public PublicReceipt? Receipt { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await reports.SubmitAsync(Input.ToInput(), ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            await LoadAsync(ct);
            return Page();
        }
        Receipt = result.Value;
        Input = new PublicReportForm();
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Municipalities = await db.Municipalities.OrderBy(m => m.Name)
            .Select(m => new Choice(m.Id.ToString(), m.Name, null)).ToListAsync(ct);
}

public sealed class PublicReportForm
{
    public Guid? MunicipalityId { get; set; }
    public string? GivenNames { get; set; }
    public string? Surname { get; set; }
    public string? DateOfBirth { get; set; }
    public string? Relationship { get; set; }
    public string? Narrative { get; set; }
    public bool IsOnline { get; set; }
    public bool ImmediateDanger { get; set; }
    public string? Website { get; set; }

    public PublicReportInput ToInput() => new()
    {
        MunicipalityId = MunicipalityId, GivenNames = GivenNames, Surname = Surname, DateOfBirth = DateOfBirth, Relationship = Relationship,
        Narrative = Narrative, IsOnline = IsOnline, ImmediateDanger = ImmediateDanger, Website = Website,
    };
}
