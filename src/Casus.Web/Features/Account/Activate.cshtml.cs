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
/// The one-time link from an invitation: the new user chooses a password. The link works once: setting the
/// password changes the security stamp, which the activation token is bound to.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class ActivateModel(UserManager<CasusUser> users) : PageModel
{
    /// <summary>The user's id in "N" format, from the link.</summary>
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public bool LinkValid { get; private set; }
    public string? Email { get; private set; }
    /// <summary>Resource keys of the problems with the chosen password.</summary>
    public IReadOnlyList<string> ErrorKeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await FindValidUserAsync();
        LinkValid = user is not null;
        Email = user?.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindValidUserAsync();
        if (user is null)
        {
            ClearPasswords();
            return Page();
        }
        LinkValid = true;
        Email = user.Email;
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

    /// <summary>The invited user, if the link is for an existing account without a password and the token is valid.</summary>
    private async Task<CasusUser?> FindValidUserAsync()
    {
        if (!Guid.TryParseExact(UserKey, "N", out var id) || string.IsNullOrEmpty(Token))
        {
            return null;
        }
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null || !user.IsActive || await users.HasPasswordAsync(user))
        {
            return null;
        }
        return await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, UserAdmin.ActivationPurpose, Token) ? user : null;
    }

    private void ClearPasswords()
    {
        Password = null;
        ConfirmPassword = null;
    }
}
