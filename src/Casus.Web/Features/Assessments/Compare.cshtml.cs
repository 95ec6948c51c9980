using Casus.Web.Features.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Assessments;

/// <summary>What changed since the previous assessment with the same template: ratings, protective factors, judgement.</summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class CompareModel(AssessmentQueries queries) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public Guid AssessmentId { get; set; }
    public AssessmentComparison Comparison { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await queries.CompareAsync(Id, AssessmentId, ct);
        if (!result.Ok)
        {
            return NotFound();
        }
        Comparison = result.Value!;
        return Page();
    }
}
