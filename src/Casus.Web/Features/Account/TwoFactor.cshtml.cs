using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QRCoder;

namespace Casus.Web.Features.Account;

/// <summary>
/// The second step of signing in: a code from the authenticator app. On the first sign-in of a new account (or
/// after an administrator reset the second factor) it first shows the QR code to enrol the app.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class TwoFactorModel(SignInManager<CasusUser> signIn, UserManager<CasusUser> users, SignInService service, TimeProvider time) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Enrolling { get; private set; }
    public string? SharedKey { get; private set; }
    public string? QrCodeDataUri { get; private set; }
    public string? ErrorKey { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        // A passkeys-only member never gets here through the login page; should a stale cookie lead here, no code is accepted.
        if (user is null || await service.RequiresPasskeysAsync(user))
        {
            return RedirectToPage("Login");
        }
        await PrepareAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        // A passkeys-only member never gets here through the login page; should a stale cookie lead here, no code is accepted.
        if (user is null || await service.RequiresPasskeysAsync(user))
        {
            return RedirectToPage("Login");
        }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code ?? "", isPersistent: false, rememberClient: false);
        if (!result.Succeeded)
        {
            ErrorKey = "TwoFactor.Failed";
            Code = "";
            await PrepareAsync(await users.FindByIdAsync(user.Id.ToString()) ?? user);
            return Page();
        }
        user = await users.FindByIdAsync(user.Id.ToString()) ?? user;
        var target = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        if (user.SecondFactorEnrolledAt is null)
        {
            user.SecondFactorEnrolledAt = time.GetUtcNow();
            await users.UpdateAsync(user);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
            TempData["RecoveryCodes"] = string.Join(' ', codes);
            TempData["ReturnUrl"] = target;
            await service.OnSignedInAsync(user, Response);
            return RedirectToPage("RecoveryCodes");
        }
        await service.OnSignedInAsync(user, Response);
        return LocalRedirect(target);
    }

    private async Task PrepareAsync(CasusUser user)
    {
        Enrolling = user.SecondFactorEnrolledAt is null;
        if (!Enrolling)
        {
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = string.Join(' ', Enumerable.Range(0, (key!.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4))));
        var uri = $"otpauth://totp/Casus:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer=Casus&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }
}
