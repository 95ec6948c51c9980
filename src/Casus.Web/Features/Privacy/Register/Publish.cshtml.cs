using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>
/// Publishing a new version of an activity, prefilled with the current one. The form carries the entry's version
/// (someone else's publication in between is refused) and a one-time submission id (sending it twice makes one version).
/// </summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class PublishModel(ProcessingRegister register) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public RegisterVersionInput Input { get; set; } = new();
    public RegisterActivityView Activity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Version = Activity.Version;
        Input = RegisterVersionInput.From(Activity.Current) with { SubmissionId = Guid.NewGuid() };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await register.PublishAsync(Key, Version, Input, ct);
        if (result.Ok)
        {
            TempData["Message"] = "Register.Published";
            return Redirect($"/privacy/register/{Uri.EscapeDataString(Key)}");
        }
        if (result.Error!.Code == Platform.Errors.AppError.NotFound().Code || !await LoadAsync(ct))
        {
            return NotFound();
        }
        // The form is shown again with what was typed and the version it was based on, so a stale form stays stale.
        ShowError(result.Error);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var found = await register.GetAsync(Key, ct);
        if (!found.Ok)
        {
            return false;
        }
        Activity = found.Value!;
        return true;
    }
}
