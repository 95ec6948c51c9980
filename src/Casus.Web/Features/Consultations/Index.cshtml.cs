using Casus.Web.Features.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Consultations;

/// <summary>The consultations this user runs (coordinators, case directors) or is invited to, newest first.</summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class IndexModel(ConsultationQueries queries, ConsultationAccess access) : Shared.FormPageModel
{
    public IReadOnlyList<ConsultationListItem> Items { get; private set; } = [];
    public bool RunsCases => access.RunsCases;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Items = await queries.ListAsync(ct);
        return Page();
    }
}
