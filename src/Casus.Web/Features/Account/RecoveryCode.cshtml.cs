using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Casus.Web.Features.Account;

/// <summary>Sign in with a one-time recovery code when the authenticator app is lost.</summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class RecoveryCodeModel(SignInManager<CasusUser> signIn, SignInService service) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";
    public string? ErrorKey { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user || await service.RequiresPasskeysAsync(user) ? RedirectToPage("Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        // A passkeys-only member never gets here through the login page; should a stale cookie lead here, no code is accepted.
        if (user is null || await service.RequiresPasskeysAsync(user))
        {
            return RedirectToPage("Login");
        }
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync((Code ?? "").Replace(" ", "", StringComparison.Ordinal));
        if (!result.Succeeded)
        {
            ErrorKey = "TwoFactor.Failed";
            return Page();
        }
        await service.OnSignedInAsync(user, Response);
        return LocalRedirect("/");
    }
}
