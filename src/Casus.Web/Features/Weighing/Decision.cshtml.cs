using System.Globalization;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Weighing;

/// <summary>One weighing decision: what was decided, on which criteria, by whom; a second person approves or rejects it here.</summary>
[Authorize(Policy = SignalPolicies.Inbox)]
public sealed class DecisionModel(WeighingQueries queries, WeighingActions actions, NationalProfile profile) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public DecisionDetail Decision { get; private set; } = null!;
    public string StepName => WeighingStep.Name(profile);
    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct) =>
        await AfterSaveAsync(await actions.ApproveAsync(Id, Version, ct), Id, "Weighing.Approved", async () => await LoadAsync(ct) ? Page() : NotFound());

    public async Task<IActionResult> OnPostRejectAsync(CancellationToken ct) =>
        await AfterSaveAsync(await actions.RejectAsync(Id, Version, new ReasonInput(Reason), ct), Id, "Weighing.Rejected", async () => await LoadAsync(ct) ? Page() : NotFound());

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var result = await queries.GetAsync(Id, ct);
        if (!result.Ok)
        {
            return false;
        }
        Decision = result.Value!;
        return true;
    }
}
