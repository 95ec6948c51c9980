using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Account;

[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class LoginModel(SignInService signIn) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? ErrorKey { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ErrorKey = "Login.Missing";
            return Page();
        }
        switch (await signIn.CheckPasswordAsync(Email, Password))
        {
            case PasswordStep.NeedsSecondFactor:
                return RedirectToPage("TwoFactor", new { ReturnUrl });
            case PasswordStep.NeedsPasskey:
                ErrorKey = "Login.PasskeyRequired";
                return Page();
            default:
                ErrorKey = "Login.Failed";
                Password = "";
                return Page();
        }
    }
}
