using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Consultations;

/// <summary>
/// Who sees which consultation and which of its items, decided in the query:
/// <list type="bullet">
/// <item>the runners of a municipality's cases (coordinators, case directors) run its consultations;</item>
/// <item>an invitee sees the meeting (date, place, chair, invitees) and an agenda without personal data;</item>
/// <item>an agenda item's case and minutes are shown only to someone who may see that case (<see cref="CaseAccess"/>:
/// runners by municipality, partners by active membership) and who has acknowledged confidentiality for the meeting.</item>
/// </list>
/// A meeting or item out of reach is "not found".
/// </summary>
public sealed class ConsultationAccess(CasusDbContext db, ICurrentUser me, CaseAccess cases)
{
    public bool RunsCases => cases.RunsCases;
    private Guid UserId => me.UserId ?? Guid.Empty;

    public IQueryable<Consultation> Run()
    {
        var municipalities = cases.RunMunicipalities();
        return db.Set<Consultation>().Where(c => municipalities.Contains(c.MunicipalityId));
    }

    public IQueryable<Consultation> Visible()
    {
        var municipalities = cases.RunMunicipalities();
        var userId = UserId;
        var invited = db.Set<ConsultationInvitee>().Where(i => i.UserId == userId).Select(i => i.ConsultationId);
        return db.Set<Consultation>().Where(c => municipalities.Contains(c.MunicipalityId) || invited.Contains(c.Id));
    }

    /// <summary>The ids of the cases this user may see (for the agenda: which items show their case).</summary>
    public IQueryable<Guid> VisibleCaseIds() => cases.Visible().Select(c => c.Id);

    public Task<DateTimeOffset?> AcknowledgedAtAsync(Guid consultationId, CancellationToken ct)
    {
        var userId = UserId;
        return db.Set<ConsultationAcknowledgement>().Where(a => a.ConsultationId == consultationId && a.UserId == userId)
            .Select(a => (DateTimeOffset?)a.At).FirstOrDefaultAsync(ct);
    }
}
