using Casus.Web.Features.Cases;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Evaluations;

/// <summary>
/// Recording or changing the evaluation of a closed case: the figures that will be stored, the three lessons, and the
/// reminder that no personal data may be entered. Only the runners of the case reach it; anyone else gets "not found".
/// </summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class EvaluateModel(EvaluationActions actions) : Shared.FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    /// <summary>The version the user saw; empty while nothing was recorded.</summary>
    [BindProperty] public Guid? Version { get; set; }
    [BindProperty] public string? WhatWorked { get; set; }
    [BindProperty] public string? CouldBeBetter { get; set; }
    [BindProperty] public string? Cooperation { get; set; }
    public EvaluationView Evaluation { get; private set; } = null!;
    /// <summary>True after a failed save: the form shows what the user typed, not what is stored.</summary>
    public bool Typed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await actions.RecordAsync(Id, Version, new EvaluationInput(WhatWorked, CouldBeBetter, Cooperation), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Evaluation.Saved";
            return Redirect($"/cases/{Id}");
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        // Recorded by someone else since this form was opened: the same as a stale version.
        ShowError(result.Error.Code == AppError.PreconditionRequired().Code ? AppError.Conflict() : result.Error);
        Typed = true;
        return await LoadAsync(ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var found = await actions.GetAsync(Id, ct);
        if (!found.Ok)
        {
            return found.Error!.Code == AppError.NotFound().Code ? NotFound() : Redirect($"/cases/{Id}");
        }
        Evaluation = found.Value!;
        return null;
    }
}
