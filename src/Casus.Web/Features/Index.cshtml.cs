using Casus.Web.Features.Privacy;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features;

/// <summary>The start page: what this user's roles let them do, and where they sit in the region.</summary>
public sealed class IndexModel(CasusDbContext db, ICurrentUser me, SignalAccess signals, LogVerifications verifications) : PageModel
{
    public string OrganisationName { get; private set; } = "";
    public string RegionName { get; private set; } = "";
    public IReadOnlyList<string> MyRoles { get; private set; } = [];
    /// <summary>For an inbox role: signals waiting (new), in weighing, and new ones marked urgent. Counts only, no persons.</summary>
    public (int New, int InWeighing, int Urgent)? Inbox { get; private set; }
    /// <summary>For the privacy officer: the last verification of the log, to raise the alert when a chain broke.</summary>
    public LogVerification? LastVerification { get; private set; }

    public async Task OnGetAsync()
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Region)
            .FirstOrDefaultAsync(o => o.Id == me.OrganisationId);
        OrganisationName = organisation?.Name ?? "";
        RegionName = organisation?.Region?.Name ?? "";
        MyRoles = Roles.All.Where(me.IsInRole).ToList();
        if (me.IsInRole(Roles.PrivacyOfficer))
        {
            LastVerification = await verifications.LatestAsync(HttpContext.RequestAborted);
        }
        if (signals.HasInbox)
        {
            var counts = await signals.Inbox().GroupBy(s => new { s.Status, Urgent = s.Urgency != SignalUrgency.Normal })
                .Select(g => new { g.Key.Status, g.Key.Urgent, Count = g.Count() }).ToListAsync();
            Inbox = (counts.Where(c => c.Status == SignalStatus.New).Sum(c => c.Count),
                counts.Where(c => c.Status == SignalStatus.InWeighing).Sum(c => c.Count),
                counts.Where(c => c.Status == SignalStatus.New && c.Urgent).Sum(c => c.Count));
        }
    }
}
