using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Account;

/// <summary>
/// Sign in with e-mail and password (then a TOTP code), or with a passkey. The passkey button appears only when
/// the browser supports passkeys (wwwroot/js/passkeys.js); the password form works without JavaScript.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class LoginModel(SignInService signIn) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>The result of navigator.credentials.get(), as JSON, posted by the passkey form.</summary>
    [BindProperty] public string? CredentialJson { get; set; }
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
                Password = "";
                return Page();
            default:
                ErrorKey = "Login.Failed";
                Password = "";
                return Page();
        }
    }

    /// <summary>The options for navigator.credentials.get(): a fresh challenge, kept in a short-lived cookie.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.PasskeyRequestOptionsAsync(), "application/json");

    /// <summary>The browser's answer: a valid passkey of an active account starts the session.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        if (await signIn.SignInWithPasskeyAsync(CredentialJson, Response) is null)
        {
            ErrorKey = "Login.PasskeyFailed";
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
