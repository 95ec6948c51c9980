using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Signals;

/// <summary>
/// Who sees which signal, decided in the query so a missing check cannot leak a row: process coordinators and case
/// directors see the signals of the municipalities their organisation serves; a reporter sees the signals they
/// reported themselves, and nothing of other partners' signals. A signal outside that reach is "not found".
/// </summary>
public sealed class SignalAccess(CasusDbContext db, ICurrentUser me)
{
    public bool HasInbox => me.IsInRole(Roles.ProcessCoordinator) || me.IsInRole(Roles.CaseDirector);

    /// <summary>The municipalities whose inbox this user works in (empty without an inbox role).</summary>
    public IQueryable<Guid> InboxMunicipalities()
    {
        var organisationId = HasInbox ? me.OrganisationId ?? Guid.Empty : Guid.Empty;
        return db.OrganisationMunicipalities.Where(s => s.OrganisationId == organisationId).Select(s => s.MunicipalityId);
    }

    public IQueryable<Signal> Inbox()
    {
        var municipalities = InboxMunicipalities();
        return Unrestricted().Where(s => municipalities.Contains(s.MunicipalityId));
    }

    public IQueryable<Signal> ReportedByMe()
    {
        var userId = me.UserId ?? Guid.Empty;
        return Unrestricted().Where(s => s.ReporterUserId == userId);
    }

    /// <summary>Every signal this user may open: their inbox's and their own.</summary>
    public IQueryable<Signal> Visible()
    {
        var municipalities = InboxMunicipalities();
        var userId = me.UserId ?? Guid.Empty;
        return Unrestricted().Where(s => municipalities.Contains(s.MunicipalityId) || s.ReporterUserId == userId);
    }

    /// <summary>Signals of persons whose processing is not restricted (art. 18 GDPR): a restricted person's signals are frozen and hidden.</summary>
    private IQueryable<Signal> Unrestricted()
    {
        var restricted = SubjectRights.Restrictions.RestrictedPersons(db);
        return db.Set<Signal>().Where(s => !restricted.Contains(s.PersonId));
    }
}
