using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.ProcessingLog;

public sealed record ChainBreak(string Log, long Sequence, string Problem);

public sealed record VerificationResult(long ProcessingRecords, long AccessRecords, ChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>Walks both chains in order and reports the first record whose link or content does not hold.</summary>
public sealed class LogVerifier(CasusDbContext db, LogChain chain)
{
    private const int Page = 5000;

    public async Task<VerificationResult> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var (processingCount, processingBreak) = await WalkAsync("processing", db.ProcessingLog.AsNoTracking(),
            r => r.Sequence, r => r.PreviousHash, r => r.Hash, chain.Hash, cancellationToken);
        var (accessCount, accessBreak) = await WalkAsync("access", db.AccessLog.AsNoTracking(),
            r => r.Sequence, r => r.PreviousHash, r => r.Hash, chain.Hash, cancellationToken);
        return new VerificationResult(processingCount, accessCount, processingBreak ?? accessBreak);
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
