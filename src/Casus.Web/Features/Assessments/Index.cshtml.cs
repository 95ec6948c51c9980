using Casus.Web.Features.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Assessments;

/// <summary>A case's assessments, newest first, with who assessed (function and organisation) and when.</summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class IndexModel(AssessmentQueries queries) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public AssessmentList List { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await queries.ListAsync(Id, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        List = result.Value!;
        return Page();
    }
}
