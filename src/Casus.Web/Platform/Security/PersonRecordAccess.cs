using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.Security;

/// <summary>
/// The one place that decides whether a user may see or act on a person-related record: only through an active
/// membership (purpose, legal basis, period) of that record. Being signed in, or holding a role, is never enough
/// by itself. Features filter their queries with <see cref="VisibleRecordIds"/> so a missing check cannot leak a
/// row, and check single records with <see cref="CanAccessAsync"/>. A record outside the user's reach is
/// reported as not found (404), never as forbidden, so its existence is not disclosed.
/// </summary>
public sealed class PersonRecordAccess(CasusDbContext db, TimeProvider time, ICurrentUser user)
{
    public IQueryable<Guid> VisibleRecordIds(string recordKind)
    {
        var now = time.GetUtcNow();
        var userId = user.UserId ?? Guid.Empty;
        return db.RecordMemberships
            .Where(m => m.RecordKind == recordKind && m.UserId == userId && m.ValidFrom <= now && (m.ValidUntil == null || now < m.ValidUntil))
            .Select(m => m.RecordId);
    }

    public Task<bool> CanAccessAsync(string recordKind, Guid recordId, CancellationToken cancellationToken = default) =>
        VisibleRecordIds(recordKind).AnyAsync(id => id == recordId, cancellationToken);
}
