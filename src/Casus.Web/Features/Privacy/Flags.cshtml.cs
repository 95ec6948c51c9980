using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Privacy;

/// <summary>Unusual access of the region's users, to be judged justified or not, with a note.</summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class FlagsModel(AccessReview review) : ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public AccessFlagStatus? Status { get; set; }
    [BindProperty] public Guid FlagId { get; set; }
    [BindProperty] public Guid FlagVersion { get; set; }
    [BindProperty] public AccessFlagDecision? Decision { get; set; }
    [BindProperty] public string? Note { get; set; }

    public PageOf<AccessFlagItem> List { get; private set; } = new([], 1, PageSize, 0);

    protected override IEnumerable<KeyValuePair<string, string?>> Filters => [new("status", Status?.ToString())];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await review.ListAsync(Status, Query, ct);
        return PageOrLast(List);
    }

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        var result = await review.ReviewAsync(FlagId, FlagVersion, new FlagReviewInput(Decision, Note), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Privacy.Flags.Reviewed";
            return Redirect(ListUrl());
        }
        if (result.Error!.Code == Platform.Errors.AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        List = await review.ListAsync(Status, Query, ct);
        return Page();
    }
}
