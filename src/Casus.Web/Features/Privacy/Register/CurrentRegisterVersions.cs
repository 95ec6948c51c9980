using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>
/// The current version of every activity, for the processing log, kept in memory. Writing a record reads the
/// snapshot and never queries the database; the snapshot is read again when it is older than
/// <see cref="PrivacyOptions.RegisterCacheSeconds"/> (30 s by default), and at once on this node when a version is
/// published here. With several web nodes another node therefore picks up a new version within that time; records
/// it writes meanwhile name the version that was current just before — which the register keeps, with its time.
/// </summary>
public sealed class CurrentRegisterVersions(IServiceScopeFactory scopes, TimeProvider time, IOptions<PrivacyOptions> options) : IProcessingActivityVersions, IDisposable
{
    private sealed record Snapshot(IReadOnlyDictionary<string, int> Current, long LoadedAt);

    private volatile Snapshot? _snapshot;
    private long _generation;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async ValueTask<string> CurrentIdAsync(ProcessingActivity activity, CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot;
        if (snapshot is null || Stale(snapshot))
        {
            snapshot = await LoadAsync(cancellationToken);
        }
        // An activity not in the register yet (before the seed ran at start) keeps the version code declares.
        return snapshot.Current.TryGetValue(activity.Key, out var number) ? ProcessingActivity.IdOf(activity.Key, number) : activity.Id;
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>Forget the snapshot: the next record reads the register again (after a version is published on this node).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    private bool Stale(Snapshot snapshot) => time.GetElapsedTime(snapshot.LoadedAt) >= TimeSpan.FromSeconds(options.Value.RegisterCacheSeconds);

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await _loading.WaitAsync(ct);
        try
        {
            // One load for everyone who waited.
            if (_snapshot is { } fresh && !Stale(fresh))
            {
                return fresh;
            }
            var started = time.GetTimestamp();
            var generation = Interlocked.Read(ref _generation);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
            var current = await db.Set<RegisterEntry>().AsNoTracking().ToDictionaryAsync(e => e.Key, e => e.CurrentVersion, StringComparer.Ordinal, ct);
            var snapshot = new Snapshot(current, started);
            // A publication while this read ran may not be in it: then it is used once and not kept.
            if (Interlocked.Read(ref _generation) == generation)
            {
                _snapshot = snapshot;
            }
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }
}
