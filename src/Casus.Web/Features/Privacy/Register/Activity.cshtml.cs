using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>One activity of the register: the current version, and every earlier version with what changed and why.</summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class ActivityModel(ProcessingRegister register) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";
    public RegisterActivityView Activity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var found = await register.GetAsync(Key, ct);
        if (!found.Ok)
        {
            return NotFound();
        }
        Activity = found.Value!;
        return Page();
    }
}
