using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Privacy;

/// <summary>The privacy officer's start: is the log intact (last verification), what is open for review, where to search.</summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class IndexModel(LogVerifications verifications, AccessReview review) : FormPageModel
{
    public LogVerification? Latest { get; private set; }
    public int OpenFlags { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Latest = await verifications.LatestAsync(ct);
        OpenFlags = await review.OpenCountAsync(ct);
    }

    /// <summary>"Verify now": walks both chains and shows the result; no confirmation, it changes nothing but adds a run.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var run = await verifications.VerifyNowAsync(ct);
        // The layout shows messages as good news; a broken chain is shown by the page's own alert instead.
        if (run.Intact)
        {
            TempData["Message"] = "Privacy.Verified.Intact";
        }
        return RedirectToPage();
    }
}
