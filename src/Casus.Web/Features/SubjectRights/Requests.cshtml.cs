using Casus.Web.Features.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.SubjectRights;

/// <summary>The register of data-subject requests of the officer's region: open ones first, by due date, overdue flagged.</summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class RequestsModel(SubjectRequests requests) : ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public SubjectRequestStatus? Status { get; set; }

    public PageOf<SubjectRequestItem> List { get; private set; } = new([], 1, PageSize, 0);

    protected override IEnumerable<KeyValuePair<string, string?>> Filters => [new("status", Status?.ToString())];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await requests.ListAsync(Status, Query, ct);
        return PageOrLast(List);
    }
}
