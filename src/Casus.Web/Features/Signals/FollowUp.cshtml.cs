using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Casus.Web.Features.Signals;

/// <summary>
/// The reporter follows up with their code: status, replies, and a form to add information. The code is a
/// secret, so it travels only in form posts, never in the address bar, and nothing is remembered between visits.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PublicReportOptions.FollowUpLimit)]
[RequestSizeLimit(64_000)]
[RequestFormLimits(ValueLengthLimit = 20_000, ValueCountLimit = 10)]
public sealed class FollowUpModel(PublicReports reports) : FormPageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Message { get; set; }
    public PublicView? View { get; private set; }
    public bool Added { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        var result = await reports.FollowUpAsync(Code, ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            return Page();
        }
        View = result.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var result = await reports.AddInformationAsync(Code, Message, ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            if (result.Error!.Fields is not null)
            {
                View = (await reports.FollowUpAsync(Code, ct)).Value;
            }
            return Page();
        }
        View = result.Value;
        Message = null;
        Added = true;
        return Page();
    }
}
