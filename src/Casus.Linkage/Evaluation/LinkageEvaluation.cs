using Casus.Linkage.Blocking;
using Casus.Linkage.Dedup;
using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Evaluation;

/// <summary>Pairwise quality against ground truth: a pair is positive when both records belong to one entity.</summary>
public readonly record struct PairwiseQuality(long TruePositives, long FalsePositives, long FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() =>
        $"precision {Precision:0.0000}  recall {Recall:0.0000}  F1 {F1:0.0000}  (TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives})";
}

/// <summary>How well blocking keeps true pairs while cutting comparisons.</summary>
public readonly record struct BlockingQuality(long TruePairs, long TruePairsKept, long CandidatePairs, long AllPairs)
{
    /// <summary>Share of true pairs that share at least one (not oversized) bucket.</summary>
    public double PairRecall => TruePairs == 0 ? 1 : (double)TruePairsKept / TruePairs;

    /// <summary>Candidate pairs as a share of all n(n−1)/2 pairs.</summary>
    public double ComparedFraction => AllPairs == 0 ? 0 : (double)CandidatePairs / AllPairs;

    public double ReductionRatio => 1 - ComparedFraction;
}

public static class LinkageEvaluation
{
    /// <summary>Number of pairs of records that belong to the same entity.</summary>
    public static long CountTruePairs(IReadOnlyList<int> entityIds)
    {
        long pairs = 0;
        foreach (var size in entityIds.GroupBy(e => e).Select(g => (long)g.Count()))
        {
            pairs += size * (size - 1) / 2;
        }

        return pairs;
    }

    /// <summary>Quality of the links themselves (every scored pair at or above <paramref name="threshold"/>).</summary>
    public static PairwiseQuality FromLinks(IEnumerable<ScoredPair> links, IReadOnlyList<int> entityIds, double threshold)
    {
        long tp = 0, fp = 0;
        foreach (var link in links)
        {
            if (link.Score < threshold)
            {
                continue;
            }

            if (entityIds[link.First] == entityIds[link.Second])
            {
                tp++;
            }
            else
            {
                fp++;
            }
        }

        return new PairwiseQuality(tp, fp, CountTruePairs(entityIds) - tp);
    }

    /// <summary>Quality of the clusters: every pair inside a cluster counts as linked (transitive closure).</summary>
    public static PairwiseQuality FromClusters(IReadOnlyList<int> clusterOf, IReadOnlyList<int> entityIds)
    {
        long predicted = 0, tp = 0;
        foreach (var cluster in Enumerable.Range(0, clusterOf.Count).GroupBy(i => clusterOf[i]))
        {
            var size = (long)cluster.Count();
            predicted += size * (size - 1) / 2;
            foreach (var entity in cluster.GroupBy(i => entityIds[i]))
            {
                var n = (long)entity.Count();
                tp += n * (n - 1) / 2;
            }
        }

        return new PairwiseQuality(tp, predicted - tp, CountTruePairs(entityIds) - tp);
    }

    /// <summary>Pair recall and comparison count of the blocking alone, with the same buckets and cap as <see cref="Deduplicator"/>.</summary>
    public static BlockingQuality Blocking(IReadOnlyList<PreparedPerson> prepared, IReadOnlyList<int> entityIds, int maxBlockSize = 1_000)
    {
        var pairs = new CandidatePairs(prepared, IdentityBlockingKeyHasher.Instance, maxBlockSize);
        var state = (Entities: entityIds, Kept: 0L);
        long candidates = 0;
        for (var block = 0; block < pairs.BlockCount; block++)
        {
            candidates += pairs.VisitBlock(block, ref state, static (ref (IReadOnlyList<int> Entities, long Kept) s, int i, int j) =>
            {
                if (s.Entities[i] == s.Entities[j])
                {
                    s.Kept++;
                }
            });
        }

        long n = prepared.Count;
        return new BlockingQuality(CountTruePairs(entityIds), state.Kept, candidates, n * (n - 1) / 2);
    }
}
