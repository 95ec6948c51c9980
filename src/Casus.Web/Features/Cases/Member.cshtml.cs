using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Cases;

/// <summary>
/// One membership of a case: change its period, or end it now. This page is the confirmation for ending: it says
/// plainly that access ends at once, and asks for the reason.
/// </summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class MemberModel(CaseActions actions, CaseQueries queries, TimeProvider time) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public Guid MembershipId { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public DateOnly? From { get; set; }
    [BindProperty] public DateOnly? Until { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public string? FailedAction { get; private set; }
    public Case Case { get; private set; } = null!;
    public CaseMemberItem Member { get; private set; } = null!;
    public bool Started => Member.ValidFrom <= time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        From = DateOnly.FromDateTime(Member.ValidFrom.UtcDateTime);
        Until = Member.LastDay;
        return Page();
    }

    public Task<IActionResult> OnPostPeriodAsync(CancellationToken ct) =>
        AfterAsync(actions.ChangeMemberPeriodAsync(Id, Version, MembershipId, new PeriodInput(From, Until, Reason), ct), "period", "Case.MemberChanged", ct);

    public Task<IActionResult> OnPostEndAsync(CancellationToken ct) =>
        AfterAsync(actions.EndMemberAsync(Id, Version, MembershipId, new EndMemberInput(Reason), ct), "end", "Case.MemberEnded", ct);

    private async Task<IActionResult> AfterAsync(Task<Result<CaseChanged>> action, string name, string doneKey, CancellationToken ct)
    {
        var result = await action;
        if (result.Ok)
        {
            TempData["Message"] = doneKey;
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
        var member = (await queries.MembersAsync(found.Id, ct)).FirstOrDefault(m => m.Id == MembershipId);
        if (member is null)
        {
            return false;
        }
        (Case, Member) = (found, member);
        return true;
    }
}
