using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Casus.Web.Features.Account;

/// <summary>Signing out is a POST with an antiforgery token, so no link or image elsewhere can end a session.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<CasusUser> signIn) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        TempData["Message"] = "Logout.Done";
        return RedirectToPage("Login");
    }
}
