using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Casus.Web.Features.Account;

/// <summary>
/// The signed-in user's own passkeys: a list, add one (the browser creates it: wwwroot/js/passkeys.js), rename and
/// remove. Removing asks for confirmation without JavaScript: the first POST shows the question, a second POST with
/// confirm=true removes.
/// </summary>
public sealed class SecurityModel(UserManager<CasusUser> users, PasskeyService passkeys, SignInService rules) : PageModel
{
    public IReadOnlyList<PasskeyView> Passkeys { get; private set; } = [];
    public bool RequiresPasskeys { get; private set; }
    /// <summary>The passkey waiting for confirmation of its removal, if any.</summary>
    public PasskeyView? ConfirmingRemoval { get; private set; }
    public string? ErrorKey { get; private set; }

    [BindProperty] public string? Name { get; set; }
    /// <summary>The result of navigator.credentials.create(), as JSON, posted by the add form.</summary>
    [BindProperty] public string? CredentialJson { get; set; }

    public async Task<IActionResult> OnGetAsync() => await ShowAsync(await MeAsync());

    /// <summary>The options for navigator.credentials.create(): a fresh challenge, kept in a short-lived cookie.</summary>
    public async Task<IActionResult> OnPostCreationOptionsAsync() =>
        Content(await passkeys.CreationOptionsAsync(await MeAsync()), "application/json");

    public async Task<IActionResult> OnPostAddAsync()
    {
        var me = await MeAsync();
        return await AfterAsync(me, await passkeys.AddAsync(me, Name, CredentialJson), "Security.PasskeyAdded");
    }

    public async Task<IActionResult> OnPostRenameAsync(string? id)
    {
        var me = await MeAsync();
        return await AfterAsync(me, await passkeys.RenameAsync(me, id, Name), "Security.PasskeyRenamed");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? id, bool confirm)
    {
        var me = await MeAsync();
        if (!confirm)
        {
            await ShowAsync(me);
            ConfirmingRemoval = Passkeys.FirstOrDefault(p => p.Id == id);
            return ConfirmingRemoval is null ? NotFound() : Page();
        }
        return await AfterAsync(me, await passkeys.RemoveAsync(me, id), "Security.PasskeyRemoved");
    }

    private async Task<IActionResult> AfterAsync(CasusUser me, AppError? error, string doneKey)
    {
        if (error is null)
        {
            TempData["Message"] = doneKey;
            return RedirectToPage();
        }
        if (error.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        ErrorKey = error.MessageKey;
        return await ShowAsync(me);
    }

    private async Task<IActionResult> ShowAsync(CasusUser me)
    {
        Passkeys = await passkeys.ListAsync(me);
        RequiresPasskeys = await rules.RequiresPasskeysAsync(me);
        CredentialJson = null;
        return Page();
    }

    /// <summary>The signed-in user; the page requires a session, and a session's account exists (security stamp).</summary>
    private async Task<CasusUser> MeAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("A signed-in user without an account.");
}
