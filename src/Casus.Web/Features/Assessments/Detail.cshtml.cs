using Casus.Web.Features.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Assessments;

/// <summary>One assessment as it was recorded: ratings per domain with notes, protective factors, judgement and rationale.</summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class DetailModel(AssessmentQueries queries) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public Guid AssessmentId { get; set; }
    public AssessmentDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await queries.GetAsync(Id, AssessmentId, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        Detail = result.Value!;
        return Page();
    }
}
