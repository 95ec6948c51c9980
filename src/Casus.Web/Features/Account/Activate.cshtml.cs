using Casus.Web.Features.Admin;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Casus.Web.Features.Account;

/// <summary>
/// The one-time link from an invitation (or from an administrator's reset): the new user chooses a password, or — in
/// a passkeys-only organisation — creates a passkey, which is then their way to sign in. The link works once:
/// activating changes the security stamp, which the activation token is bound to.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class ActivateModel(UserManager<CasusUser> users, SignInService rules, PasskeyService passkeys, TimeProvider time) : PageModel
{
    /// <summary>The user's id in "N" format, from the link.</summary>
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    /// <summary>The passkey's name and the result of navigator.credentials.create(), posted by the passkey form.</summary>
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CredentialJson { get; set; }

    public bool LinkValid { get; private set; }
    /// <summary>The organisation accepts only passkeys: the page offers a passkey instead of a password.</summary>
    public bool PasskeysOnly { get; private set; }
    public string? Email { get; private set; }
    /// <summary>Resource keys of the problems with the chosen password.</summary>
    public IReadOnlyList<string> ErrorKeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        await FindValidUserAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindValidUserAsync();
        if (user is null || PasskeysOnly)
        {
            ClearPasswords();
            return Page();
        }
        if (Password != ConfirmPassword)
        {
            ErrorKeys = ["Activate.Mismatch"];
            ClearPasswords();
            return Page();
        }
        var added = await users.AddPasswordAsync(user, Password ?? "");
        if (!added.Succeeded)
        {
            ErrorKeys = added.Errors.Select(e => "Password." + e.Code).Distinct().ToList();
            ClearPasswords();
            return Page();
        }
        user.EmailConfirmed = true;
        var updated = await users.UpdateAsync(user);
        if (updated.Succeeded)
        {
            updated = await users.UpdateSecurityStampAsync(user);
        }
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", updated.Errors.Select(e => e.Code)));
        }
        TempData["Message"] = "Activate.Done";
        return Redirect("/account/login");
    }

    /// <summary>The options for navigator.credentials.create() for the invited user of a passkeys-only organisation.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var user = await FindValidUserAsync();
        return user is not null && PasskeysOnly ? Content(await passkeys.CreationOptionsAsync(user), "application/json") : NotFound();
    }

    /// <summary>The browser created a passkey: store it, and the account is active and enrolled.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        var user = await FindValidUserAsync();
        if (user is null || !PasskeysOnly)
        {
            return Page();
        }
        if (await passkeys.AddAsync(user, Name, CredentialJson) is { } error)
        {
            ErrorKeys = [error.MessageKey];
            return Page();
        }
        user.EmailConfirmed = true;
        user.SecondFactorEnrolledAt = time.GetUtcNow();
        var updated = await users.UpdateAsync(user);
        if (updated.Succeeded)
        {
            updated = await users.UpdateSecurityStampAsync(user);
        }
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", updated.Errors.Select(e => e.Code)));
        }
        TempData["Message"] = "Activate.PasskeyDone";
        return Redirect("/account/login");
    }

    /// <summary>
    /// The invited user, if the token is valid and the account still needs activating: without a password, or — in a
    /// passkeys-only organisation, where a password is of no use — without a passkey. Sets what the page shows.
    /// </summary>
    private async Task<CasusUser?> FindValidUserAsync()
    {
        LinkValid = false;
        if (!Guid.TryParseExact(UserKey, "N", out var id) || string.IsNullOrEmpty(Token))
        {
            return null;
        }
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null || !user.IsActive)
        {
            return null;
        }
        var passkeysOnly = await rules.RequiresPasskeysAsync(user);
        var alreadyActive = passkeysOnly ? (await users.GetPasskeysAsync(user)).Count > 0 : await users.HasPasswordAsync(user);
        if (alreadyActive || !await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, UserAdmin.ActivationPurpose, Token))
        {
            return null;
        }
        LinkValid = true;
        PasskeysOnly = passkeysOnly;
        Email = user.Email;
        return user;
    }

    private void ClearPasswords()
    {
        Password = null;
        ConfirmPassword = null;
    }
}
