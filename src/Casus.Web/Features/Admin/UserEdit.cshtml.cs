using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>
/// One account: edit name, organisation and roles; deactivate or reactivate; reset the second factor. The
/// destructive actions ask for confirmation without JavaScript: the first POST shows the question, a second POST
/// with confirm=true does it.
/// </summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class UserEditModel(UserAdmin users, OrganisationAdmin organisations, ICurrentUser me) : FormPageModel
{
    public const string DeactivateAction = "deactivate";
    public const string ResetSecondFactorAction = "reset-second-factor";

    public UserDto Account { get; private set; } = null!;
    public IReadOnlyList<Choice> Organisations { get; private set; } = [];
    [BindProperty] public UserForm Input { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public UserFieldsView Fields => new(this, Input, Organisations, Inviting: false);

    /// <summary>The action waiting for confirmation, if any.</summary>
    public string? Confirming { get; private set; }

    public bool IsSelf => Account.Id == me.UserId;

    /// <summary>After resetting a passkeys-only member's second factor: their new activation link, shown this once.</summary>
    public string? ActivationUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await ShowAsync(id, keepInput: false, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await users.UpdateAsync(id, Version, Input.ToUpdate(), ct);
        return await AfterSaveAsync(result, id, "Common.Saved", () => ShowAsync(id, keepInput: true, ct));
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            Confirming = DeactivateAction;
            return await ShowAsync(id, keepInput: false, ct);
        }
        return await AfterActionAsync(id, await users.DeactivateAsync(id, me.UserId, ct), "Admin.User.Deactivated", ct);
    }

    public async Task<IActionResult> OnPostReactivateAsync(Guid id, CancellationToken ct) =>
        await AfterActionAsync(id, await users.ReactivateAsync(id, ct), "Admin.User.Reactivated", ct);

    public async Task<IActionResult> OnPostResetSecondFactorAsync(Guid id, bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            Confirming = ResetSecondFactorAction;
            return await ShowAsync(id, keepInput: false, ct);
        }
        var result = await users.ResetSecondFactorAsync(id, ct);
        if (result.Ok && result.Value!.ActivationPath is { } path)
        {
            // Not redirected and not stored: the link carries a secret and appears in this one response only.
            ActivationUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{path}";
            return await ShowAsync(id, keepInput: false, ct);
        }
        return await AfterActionAsync(id, result.Ok ? result.Value!.User : result.Error!, "Admin.User.SecondFactorWasReset", ct);
    }

    private Task<IActionResult> AfterActionAsync(Guid id, Result<UserDto> result, string doneKey, CancellationToken ct) =>
        AfterSaveAsync(result, id, doneKey, () => ShowAsync(id, keepInput: false, ct));

    private async Task<IActionResult> ShowAsync(Guid id, bool keepInput, CancellationToken ct)
    {
        var result = await users.GetAsync(id, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        Account = result.Value!;
        if (!keepInput)
        {
            // The action forms do not post the edit fields: show the stored values and version.
            Input = UserForm.From(Account);
            Version = Account.Version;
        }
        Organisations = await UserForm.OrganisationsAsync(organisations, ct);
        return Page();
    }
}
