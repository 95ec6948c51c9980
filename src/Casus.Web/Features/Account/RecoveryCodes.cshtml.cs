using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Casus.Web.Features.Account;

/// <summary>Shows the new recovery codes once, right after enrolment; they are stored only as hashes.</summary>
public sealed class RecoveryCodesModel : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];
    public string ContinueUrl { get; private set; } = "/";

    public IActionResult OnGet()
    {
        if (TempData["RecoveryCodes"] is not string codes)
        {
            return Redirect("/");
        }
        Codes = codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ContinueUrl = TempData["ReturnUrl"] as string is { } url && Url.IsLocalUrl(url) ? url : "/";
        return Page();
    }
}
