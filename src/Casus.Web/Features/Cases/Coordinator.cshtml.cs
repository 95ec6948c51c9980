using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Cases;

/// <summary>Hands a case to another process coordinator of an organisation that serves its municipality.</summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class CoordinatorModel(CaseActions actions) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public Guid? UserId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public Case Case { get; private set; } = null!;
    public IReadOnlyList<Choice> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await actions.ChangeCoordinatorAsync(Id, Version, new CoordinatorInput(UserId, Reason), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Case.CoordinatorChanged";
            return Redirect($"/cases/{Id}");
        }
        if (result.Error!.Code == Platform.Errors.AppError.NotFound().Code)
        {
            return NotFound();
        }
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
        Candidates = await actions.CoordinatorCandidates(found).Where(u => u.Id != found.CoordinatorUserId).OrderBy(u => u.DisplayName)
            .Select(u => new Choice(u.Id.ToString(), u.DisplayName + " — " + u.Organisation!.Name, null)).ToListAsync(ct);
        return true;
    }
}
