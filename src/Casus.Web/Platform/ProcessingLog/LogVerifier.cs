using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.ProcessingLog;

public sealed record ChainBreak(string Log, long Sequence, string Problem);

/// <summary>The newest record of a chain: an operator (or a log shipped off the machine) keeps it to detect a cut-off tail.</summary>
public sealed record ChainHead(string Log, long Sequence, string Hash)
{
    public override string ToString() => $"{Log}:{Sequence}:{Hash}";

    /// <summary>Parses "processing:1234:abcd…" or "access:…".</summary>
    public static bool TryParse(string text, out ChainHead? head)
    {
        head = null;
        var parts = text.Split(':');
        if (parts.Length != 3 || parts[0] is not ("processing" or "access") || !long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1 || parts[2].Length != 64)
        {
            return false;
        }
        head = new ChainHead(parts[0], sequence, parts[2].ToLowerInvariant());
        return true;
    }
}

public sealed record VerificationResult(long ProcessingRecords, long AccessRecords, ChainBreak? FirstBreak, IReadOnlyList<ChainHead> Heads)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>Walks both chains in order and reports the first record whose link or content does not hold.</summary>
public sealed class LogVerifier(CasusDbContext db, LogChain chain)
{
    private const int Page = 5000;

    /// <summary>
    /// Walks both chains. With anchors (heads recorded earlier, outside the database), also checks that each anchored
    /// record is still there with the same hash: the chain alone cannot tell that its newest records were cut off.
    /// </summary>
    public async Task<VerificationResult> VerifyAsync(IReadOnlyList<ChainHead>? anchors = null, CancellationToken cancellationToken = default)
    {
        var (processingCount, processingBreak) = await WalkAsync("processing", db.ProcessingLog.AsNoTracking(),
            r => r.Sequence, r => r.PreviousHash, r => r.Hash, chain.Hash, cancellationToken);
        var (accessCount, accessBreak) = await WalkAsync("access", db.AccessLog.AsNoTracking(),
            r => r.Sequence, r => r.PreviousHash, r => r.Hash, chain.Hash, cancellationToken);
        var heads = await HeadsAsync(cancellationToken);
        ChainBreak? anchorBreak = null;
        foreach (var anchor in anchors ?? [])
        {
            var stored = anchor.Log == "processing"
                ? await db.ProcessingLog.Where(r => r.Sequence == anchor.Sequence).Select(r => r.Hash).SingleOrDefaultAsync(cancellationToken)
                : await db.AccessLog.Where(r => r.Sequence == anchor.Sequence).Select(r => r.Hash).SingleOrDefaultAsync(cancellationToken);
            if (stored is null)
            {
                anchorBreak = new ChainBreak(anchor.Log, anchor.Sequence, "the anchored record is gone: the newest records were removed");
                break;
            }
            if (stored != anchor.Hash)
            {
                anchorBreak = new ChainBreak(anchor.Log, anchor.Sequence, "the anchored record has another hash than was recorded");
                break;
            }
        }
        return new VerificationResult(processingCount, accessCount, processingBreak ?? accessBreak ?? anchorBreak, heads);
    }

    /// <summary>The newest record of each chain.</summary>
    public async Task<IReadOnlyList<ChainHead>> HeadsAsync(CancellationToken cancellationToken = default)
    {
        var heads = new List<ChainHead>();
        if (await db.ProcessingLog.OrderByDescending(r => r.Sequence).Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken) is { } p)
        {
            heads.Add(new ChainHead("processing", p.Sequence, p.Hash));
        }
        if (await db.AccessLog.OrderByDescending(r => r.Sequence).Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken) is { } a)
        {
            heads.Add(new ChainHead("access", a.Sequence, a.Hash));
        }
        return heads;
    }

    private static async Task<(long Count, ChainBreak? Break)> WalkAsync<T>(string log, IQueryable<T> records,
        Func<T, long> sequence, Func<T, string> previous, Func<T, string> hash, Func<T, string> compute,
        CancellationToken cancellationToken) where T : class
    {
        long expectedSequence = 1;
        var expectedPrevious = LogChain.Genesis;
        long count = 0;
        while (true)
        {
            var from = expectedSequence;
            var page = await records
                .Where(r => EF.Property<long>(r, "Sequence") >= from)
                .OrderBy(r => EF.Property<long>(r, "Sequence"))
                .Take(Page)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return (count, null);
            }
            foreach (var record in page)
            {
                var seq = sequence(record);
                if (seq != expectedSequence)
                {
                    return (count, new ChainBreak(log, expectedSequence, $"record {expectedSequence} is missing"));
                }
                if (previous(record) != expectedPrevious)
                {
                    return (count, new ChainBreak(log, seq, "does not link to the record before it"));
                }
                if (compute(record) != hash(record))
                {
                    return (count, new ChainBreak(log, seq, "content was changed after it was written"));
                }
                expectedPrevious = hash(record);
                expectedSequence++;
                count++;
            }
        }
    }
}
