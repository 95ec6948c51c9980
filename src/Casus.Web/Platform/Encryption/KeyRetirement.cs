using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security.KeyStores;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.Encryption;

/// <summary>What one run of <see cref="KeyRetirement"/> did.</summary>
public sealed record KeyRetirementRun(int Rotated, int Rewrapped, int Destroyed);

/// <summary>
/// Makes crypto-shredding reach database backups. Shredding empties a data key in the live database, but a backup
/// made before still holds it, wrapped by the municipality's key-encryption key (KEK). So, after a destruction:
/// <list type="number">
/// <item>the municipality's KEK is rotated: a new version wraps every live data key (the data is not touched);</item>
/// <item>once the new version is <see cref="Grace"/> old — longer than any request that may still have wrapped a new
/// data key with the old version — data keys still under the old version are re-wrapped and the old version is
/// destroyed in the key store.</item>
/// </list>
/// From then on a backup made before the destruction cannot be read with the current key file: its data keys are
/// wrapped by a KEK that no longer exists. Runs hourly from the retention job, on whichever node; a rotation two
/// nodes start at once makes one of them fail on the version's key, and the next run goes on.
/// </summary>
public sealed class KeyRetirement(CasusDbContext db, IKeyStore keys, PersonDataProtector protector, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public async Task<KeyRetirementRun> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        int rotated = 0, rewrapped = 0, destroyed = 0;
        var versions = await db.Set<KeyEncryptionKeyVersion>().AsNoTracking().ToListAsync(ct);
        foreach (var municipality in versions.GroupBy(v => v.MunicipalityId))
        {
            var current = municipality.MaxBy(v => v.Version)!;
            var createdAt = current.CreatedAt;
            var shreddedSince = await db.Set<PersonDataKey>()
                .AnyAsync(k => k.MunicipalityId == municipality.Key && k.ShreddedAt != null && k.ShreddedAt > createdAt, ct);
            if (shreddedSince)
            {
                try
                {
                    await protector.RotateKekAsync(municipality.Key, ct);
                    rotated++;
                }
                catch (DbUpdateException)
                {
                    // Another node made the same version a moment earlier: its rotation stands.
                    db.ChangeTracker.Clear();
                }
                // The version just made is younger than the grace period: the old one goes in a later run.
                continue;
            }
            var older = municipality.Where(v => v.Version < current.Version && keys.Exists(PersonDataProtector.KekName(v.MunicipalityId, v.Version))).ToList();
            if (older.Count == 0 || now - current.CreatedAt < Grace)
            {
                continue;
            }
            rewrapped += await protector.RewrapOlderThanAsync(municipality.Key, current.Version, ct);
            foreach (var version in older)
            {
                keys.DestroyKey(PersonDataProtector.KekName(version.MunicipalityId, version.Version));
                destroyed++;
            }
        }
        return new KeyRetirementRun(rotated, rewrapped, destroyed);
    }
}
