using Casus.Web.Features.Cases;
using Casus.Web.Features.Privacy;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features;

/// <summary>The start page: what this user's roles let them do, and where they sit in the region.</summary>
public sealed class IndexModel(CasusDbContext db, ICurrentUser me, SignalAccess signals, CaseQueries cases, WeighingQueries weighing,
    Platform.Profiles.NationalProfile profile, LogVerifications verifications, ActionPlans.ActionPlanQueries plans) : PageModel
{
    public string OrganisationName { get; private set; } = "";
    public string RegionName { get; private set; } = "";
    public IReadOnlyList<string> MyRoles { get; private set; } = [];
    /// <summary>For an inbox role: signals waiting (new), in weighing, and new ones marked urgent. Counts only, no persons.</summary>
    public (int New, int InWeighing, int Urgent)? Inbox { get; private set; }
    /// <summary>For a role that can hold a case: the cases this user may see, per stage. Counts only, no persons.</summary>
    public IReadOnlyDictionary<CaseStage, int>? CasesByStage { get; private set; }
    /// <summary>For a role that can hold a case: open tasks of my organisation, due within a week, overdue; overdue in cases I run.</summary>
    public (int Open, int DueSoon, int Overdue, int OverdueInRunCases)? Work { get; private set; }
    /// <summary>For an inbox role: weighing decisions awaiting approval, and observation periods that have ended. Counts only.</summary>
    public (int Pending, int Due)? Weighing { get; private set; }
    public string WeighingStepName => WeighingStep.Name(profile);
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
            Weighing = await weighing.CountsAsync();
        }
        if (CasePolicies.MemberRoles.Any(me.IsInRole))
        {
            CasesByStage = await cases.CountByStageAsync();
            Work = await plans.CountsAsync(HttpContext.RequestAborted);
        }
    }
}
