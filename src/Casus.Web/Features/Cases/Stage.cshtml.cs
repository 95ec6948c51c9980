using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Cases;

/// <summary>
/// Moving a case through its lifecycle: to another stage with a reason, closing with an outcome and a reason, and
/// aftercare until a date. Only the stages the lifecycle allows from here are offered (<see cref="CaseLifecycle"/>).
/// </summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class StageModel(CaseActions actions) : Shared.FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public CaseStage? To { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public CaseOutcome? Outcome { get; set; }
    [BindProperty] public DateOnly? AftercareUntil { get; set; }
    /// <summary>Which form failed, so its errors and input show at that form.</summary>
    public string? FailedAction { get; private set; }
    public Case Case { get; private set; } = null!;

    /// <summary>Moves to another open stage (closing and aftercare have their own forms).</summary>
    public IReadOnlyList<CaseStage> Moves => CaseLifecycle.Next(Case.Stage).Where(s => s is not (CaseStage.Closed or CaseStage.Aftercare)).ToList();
    public bool CanClose => CaseLifecycle.CanMove(Case.Stage, CaseStage.Closed);
    public bool CanStartAftercare => CaseLifecycle.CanMove(Case.Stage, CaseStage.Aftercare);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostMoveAsync(CancellationToken ct) =>
        AfterAsync(actions.ChangeStageAsync(Id, Version, new StageChangeInput(To, Reason), ct), "move", ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) =>
        AfterAsync(actions.CloseAsync(Id, Version, new CloseCaseInput(Outcome, Reason), ct), "close", ct);

    public Task<IActionResult> OnPostAftercareAsync(CancellationToken ct) =>
        AfterAsync(actions.ChangeStageAsync(Id, Version, new StageChangeInput(CaseStage.Aftercare, Reason, null, AftercareUntil), ct), "aftercare", ct);

    private async Task<IActionResult> AfterAsync(Task<Result<CaseChanged>> action, string name, CancellationToken ct)
    {
        var result = await action;
        if (result.Ok)
        {
            TempData["Message"] = "Case.StageChanged";
            return Redirect($"/cases/{Id}");
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        FailedAction = name;
        ShowError(result.Error);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var found = await actions.RunAsync(Id, ct);
        if (found is null)
        {
            return false;
        }
        Case = found;
        return true;
    }
}
