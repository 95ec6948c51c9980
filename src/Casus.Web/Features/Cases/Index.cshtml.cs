using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Cases;

/// <summary>
/// The cases this user may see: runners the cases of their municipalities, partners the cases they are an active
/// member of. Filters and sort in the query string; the reference searched is posted and carried as a protected token.
/// </summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class IndexModel(CaseQueries cases, CaseAccess access, CasusDbContext db) : ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "stage")] public CaseStage? Stage { get; set; }
    [BindProperty(SupportsGet = true, Name = "municipality")] public Guid? MunicipalityId { get; set; }

    public PageOf<CaseListItem> List { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];

    protected override IReadOnlyList<string> SortKeys => CaseQueries.SortKeys;
    protected override string DefaultSort => "-opened";

    protected override IEnumerable<KeyValuePair<string, string?>> Filters =>
        [new("stage", Stage?.ToString()), new("municipality", MunicipalityId?.ToString())];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await cases.ListAsync(Query, new CaseFilter(Stage, MunicipalityId), ct);
        // Only municipalities of cases this user may see: the filter itself discloses nothing.
        var visible = access.Visible().Select(c => c.MunicipalityId);
        Municipalities = await db.Municipalities.Where(m => visible.Contains(m.Id)).OrderBy(m => m.Name)
            .Select(m => new Choice(m.Id.ToString(), m.Name, null)).ToListAsync(ct);
        return PageOrLast(List);
    }
}
