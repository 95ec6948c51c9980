using System.Globalization;
using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

/// <summary>
/// The coordinator's inbox: the signals of the municipalities their organisation serves, newest first, with
/// filters, search, sorting and paging in the query string (bookmarkable, and no personal data in it but what the
/// coordinator typed into the search box).
/// </summary>
[Authorize(Policy = SignalPolicies.Inbox)]
public sealed class InboxModel(SignalQueries signals, SignalAccess access, CasusDbContext db) : ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public SignalStatus? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "phenomenon")] public Phenomenon? Phenomenon { get; set; }
    [BindProperty(SupportsGet = true, Name = "municipality")] public Guid? MunicipalityId { get; set; }
    [BindProperty(SupportsGet = true, Name = "reporter")] public Guid? ReporterOrganisationId { get; set; }
    [BindProperty(SupportsGet = true, Name = "urgency")] public SignalUrgency? Urgency { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public DateOnly? To { get; set; }

    public PageOf<SignalListItem> List { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];
    public IReadOnlyList<Choice> Reporters { get; private set; } = [];

    protected override IReadOnlyList<string> SortKeys => SignalQueries.SortKeys;
    protected override string DefaultSort => "-received";

    protected override IEnumerable<KeyValuePair<string, string?>> Filters =>
    [
        new("status", Status?.ToString()), new("phenomenon", Phenomenon?.ToString()), new("municipality", MunicipalityId?.ToString()),
        new("reporter", ReporterOrganisationId?.ToString()), new("urgency", Urgency?.ToString()),
        new("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        List = await signals.InboxAsync(Query, new InboxFilter(Status, Phenomenon, MunicipalityId, ReporterOrganisationId, Urgency, From, To), ct);
        var municipalities = access.InboxMunicipalities();
        Municipalities = await db.Municipalities.Where(m => municipalities.Contains(m.Id)).OrderBy(m => m.Name)
            .Select(m => new Choice(m.Id.ToString(), m.Name, null)).ToListAsync(ct);
        var reporterIds = access.Inbox().Select(s => s.ReporterOrganisationId).Distinct();
        Reporters = await db.Organisations.Where(o => reporterIds.Contains(o.Id)).OrderBy(o => o.Name)
            .Select(o => new Choice(o.Id.ToString(), o.Name, null)).ToListAsync(ct);
        return PageOrLast(List);
    }
}
