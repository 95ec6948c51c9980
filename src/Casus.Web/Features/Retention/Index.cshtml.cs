using Casus.Web.Features.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Retention;

/// <summary>
/// The privacy officer's destruction list: what is past its retention period in the region (no names), approved per
/// record or all at once with an explicit confirmation; legal holds placed and lifted; what was destroyed lately.
/// </summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class IndexModel(DestructionList retention) : FormPageModel
{
    [BindProperty] public Guid ProposalId { get; set; }
    [BindProperty] public Guid ProposalVersion { get; set; }
    [BindProperty] public bool Confirm { get; set; }
    [BindProperty] public Guid HoldId { get; set; }
    [BindProperty] public Guid HoldVersion { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public DateOnly? Until { get; set; }

    /// <summary>The form that failed ("approve", "all", "hold"), so its error shows there.</summary>
    public string? FailedForm { get; private set; }
    public RetentionRules Rules => retention.Rules;
    public IReadOnlyList<ProposalItem> Proposed { get; private set; } = [];
    public IReadOnlyList<ProposalItem> Destroyed { get; private set; } = [];
    public IReadOnlyList<HoldItem> Holds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct) =>
        await AfterAsync(await retention.ApproveAsync(ProposalId, ProposalVersion, new ApproveInput(Confirm), ct), "approve", "Retention.DestroyedOne", ct);

    public async Task<IActionResult> OnPostApproveAllAsync(CancellationToken ct) =>
        await AfterAsync(await retention.ApproveAllAsync(new ApproveInput(Confirm), ct), "all", "Retention.DestroyedAll", ct);

    public async Task<IActionResult> OnPostHoldAsync(CancellationToken ct) =>
        await AfterAsync(await retention.PlaceHoldAsync(new HoldInput(Reference, Reason, Until), ct), "hold", "Retention.HoldPlaced", ct);

    public async Task<IActionResult> OnPostLiftAsync(CancellationToken ct) =>
        await AfterAsync(await retention.LiftHoldAsync(HoldId, HoldVersion, ct), "lift", "Retention.HoldLifted", ct);

    private async Task<IActionResult> AfterAsync<T>(Platform.Errors.Result<T> result, string form, string doneKey, CancellationToken ct)
    {
        if (result.Ok)
        {
            TempData["Message"] = doneKey;
            return RedirectToPage();
        }
        if (result.Error!.Code == Platform.Errors.AppError.NotFound().Code)
        {
            return NotFound();
        }
        FailedForm = form;
        ShowError(result.Error);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Proposed = await retention.ProposalsAsync(ProposalStatus.Proposed, ct);
        Destroyed = await retention.ProposalsAsync(ProposalStatus.Destroyed, ct);
        Holds = await retention.HoldsAsync(ct);
    }
}
