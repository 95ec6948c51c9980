using System.Globalization;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Weighing;

/// <summary>
/// The weighing form of a signal: the person's open signals in the municipality are weighed together against the
/// profile's checklist. Where four eyes are needed the decision waits for a second person's approval.
/// </summary>
[Authorize(Policy = SignalPolicies.Inbox)]
public sealed class WeighModel(WeighingQueries queries, WeighingActions actions, NationalProfile profile) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    /// <summary>The signal's version the user saw; a stale one is refused with "changed by someone else".</summary>
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public WeighingOutcome? Outcome { get; set; }
    [BindProperty] public DateOnly? ObserveUntil { get; set; }
    [BindProperty] public List<string> Criteria { get; set; } = [];
    [BindProperty] public List<string> Parties { get; set; } = [];
    [BindProperty] public string? Proportionality { get; set; }
    [BindProperty] public string? Subsidiarity { get; set; }
    public WeighingFormView Form { get; private set; } = null!;
    public string StepName => WeighingStep.Name(profile);
    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await actions.DecideAsync(Id, Version,
            new DecisionInput(Outcome, ObserveUntil, Criteria, Parties, Proportionality, Subsidiarity), ct);
        if (result.Ok)
        {
            TempData["Message"] = result.Value!.Status == WeighingStatus.PendingApproval ? "Weighing.DecidedPending" : "Weighing.DecidedInEffect";
            return RedirectToPage("/Weighing/Decision", new { id = result.Value.Id });
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var result = await queries.FormAsync(Id, ct);
        if (!result.Ok)
        {
            return false;
        }
        Form = result.Value!;
        return true;
    }
}
