using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>The register of processing activities: every activity with its current version; search, sort, export.</summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class IndexModel(ProcessingRegister register) : ListPageModel
{
    public IReadOnlyList<RegisterListItem> List { get; private set; } = [];

    protected override IReadOnlyList<string> SortKeys => ProcessingRegister.SortKeys;

    public async Task OnGetAsync(CancellationToken ct) => List = await register.ListAsync(Search, CurrentSort, ct);

    public string CurrentSort => Sort is { } s && SortKeys.Contains(s) ? s : DefaultSort;

    /// <summary>A column header's link: the first click sorts ascending, the next descending.</summary>
    public string SortLink(string column) => ListUrl(page: 1, sort: CurrentSort == column ? "-" + column : column);

    public Task<IActionResult> OnGetJsonAsync(CancellationToken ct) => ExportAsync("json", ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync("csv", ct);

    private async Task<IActionResult> ExportAsync(string format, CancellationToken ct)
    {
        var export = (await register.ExportAsync(format, ct)).Value!;
        return File(export.Content, export.ContentType, export.FileName);
    }
}
