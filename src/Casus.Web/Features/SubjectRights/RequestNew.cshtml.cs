using Casus.Web.Features.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.SubjectRights;

/// <summary>Records a new request. The person is named by a signal or case reference, never by a name.</summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class RequestNewModel(SubjectRequests requests) : FormPageModel
{
    [BindProperty] public SubjectRequestKind? Kind { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public DateOnly? ReceivedOn { get; set; }

    public void OnGet() => ReceivedOn ??= requests.Today;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await requests.CreateAsync(new NewSubjectRequestInput(Kind, Reference, ReceivedOn), ct);
        if (result.Ok)
        {
            TempData["Message"] = "SubjectRights.Created";
            return Redirect($"/privacy/requests/{result.Value!.Id}");
        }
        ShowError(result.Error!);
        return Page();
    }
}
