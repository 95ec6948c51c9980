using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Cases;

/// <summary>
/// Who sees which case, decided in the query so a missing check cannot leak a row:
/// <list type="bullet">
/// <item>process coordinators and case directors run the cases of the municipalities their organisation serves;</item>
/// <item>everyone else (partners, occasional partners) sees a case only through an active membership
/// (<see cref="RecordMembership"/>, kind "case"), for the period it was given; when the period ends, access ends.</item>
/// </list>
/// A case outside that reach is "not found": its existence is not disclosed, and lists and counts leave it out.
/// </summary>
public sealed class CaseAccess(CasusDbContext db, ICurrentUser me, TimeProvider time, PersonRecordAccess records)
{
    /// <summary>The record kind of case memberships in <see cref="RecordMembership"/>.</summary>
    public const string RecordKind = "case";

    public bool RunsCases => me.IsInRole(Roles.ProcessCoordinator) || me.IsInRole(Roles.CaseDirector);

    /// <summary>The municipalities whose cases this user runs (empty unless coordinator or case director).</summary>
    public IQueryable<Guid> RunMunicipalities()
    {
        var organisationId = RunsCases ? me.OrganisationId ?? Guid.Empty : Guid.Empty;
        return db.OrganisationMunicipalities.Where(s => s.OrganisationId == organisationId).Select(s => s.MunicipalityId);
    }

    /// <summary>Cases this user runs: their organisation serves the case's municipality and they coordinate or direct.</summary>
    public IQueryable<Case> Run()
    {
        var municipalities = RunMunicipalities();
        return Unrestricted().Where(c => municipalities.Contains(c.MunicipalityId));
    }

    /// <summary>Cases of persons whose processing is not restricted (art. 18 GDPR): a restricted person's cases are frozen and hidden.</summary>
    private IQueryable<Case> Unrestricted()
    {
        var restricted = SubjectRights.Restrictions.RestrictedPersons(db);
        return db.Set<Case>().Where(c => !restricted.Contains(c.PersonId));
    }

    /// <summary>Every case this user may open: the ones they run and the ones they are an active member of.</summary>
    public IQueryable<Case> Visible()
    {
        var municipalities = RunMunicipalities();
        var memberOf = records.VisibleRecordIds(RecordKind);
        return Unrestricted().Where(c => municipalities.Contains(c.MunicipalityId) || memberOf.Contains(c.Id));
    }

    /// <summary>
    /// From when this user may read a case's history: null for all of it (they run the case, or the profile lets
    /// members see earlier history); otherwise the start of their earliest active membership.
    /// </summary>
    public async Task<DateTimeOffset?> HistoryVisibleFromAsync(Case @case, bool membersSeeEarlierHistory, CancellationToken ct = default)
    {
        if (membersSeeEarlierHistory || await Run().AnyAsync(c => c.Id == @case.Id, ct))
        {
            return null;
        }
        var now = time.GetUtcNow();
        var userId = me.UserId ?? Guid.Empty;
        var from = await db.RecordMemberships
            .Where(m => m.RecordKind == RecordKind && m.RecordId == @case.Id && m.UserId == userId && m.ValidFrom <= now && (m.ValidUntil == null || now < m.ValidUntil))
            .OrderBy(m => m.ValidFrom).Select(m => (DateTimeOffset?)m.ValidFrom).FirstOrDefaultAsync(ct);
        return from ?? DateTimeOffset.MaxValue;
    }
}
