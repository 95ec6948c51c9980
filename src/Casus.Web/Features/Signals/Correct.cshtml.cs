using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Signals;

/// <summary>Correct the person's details of a signal; the earlier values stay in the history.</summary>
[Authorize(Policy = SignalPolicies.Inbox)]
public sealed class CorrectModel(SignalQueries queries, SignalActions actions) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public SignalForm Input { get; set; } = new();
    public string Reference { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await queries.GetAsync(Id, ct);
        if (!result.Ok || !result.Value!.CanManage)
        {
            return NotFound();
        }
        Input = SignalForm.From(result.Value.Subject);
        Version = result.Value.Version;
        Reference = result.Value.Reference;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await actions.CorrectAsync(Id, Version, Input.ToInput(), Input.Reason, ct);
        if (result.Ok)
        {
            TempData["Message"] = "Signal.Corrected";
            return RedirectToPage("Detail", new { id = Id });
        }
        return await AfterSaveAsync(result, Id, "Signal.Corrected", async () =>
        {
            var current = await queries.GetAsync(Id, ct);
            Reference = current.Value?.Reference ?? "";
            return Page();
        });
    }
}
