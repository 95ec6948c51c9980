using System.Collections.Concurrent;
using System.Diagnostics;
using Casus.Linkage.Blocking;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;

namespace Casus.Linkage.Dedup;

/// <summary>Options for a batch deduplication.</summary>
public sealed class DedupOptions
{
    public LinkageScorer Scorer { get; init; } = LinkageScorer.Default;

    /// <summary>Blocking keys are hashed with this first; in memory the identity is enough.</summary>
    public IBlockingKeyHasher Hasher { get; init; } = IdentityBlockingKeyHasher.Instance;

    /// <summary>Buckets with more records than this are skipped (their pairs counted in <see cref="DedupResult.SkippedPairs"/>).</summary>
    public int MaxBlockSize { get; init; } = 1_000;

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Weigh name agreement by how common the name is in the batch (see <see cref="NameFrequencies"/>).</summary>
    public bool UseNameFrequencies { get; init; } = true;
}

/// <summary>A linked pair: indexes into the input list, <see cref="First"/> &lt; <see cref="Second"/>.</summary>
public readonly record struct ScoredPair(int First, int Second, double Score);

/// <summary>The outcome of a batch deduplication.</summary>
public sealed class DedupResult
{
    internal DedupResult(IReadOnlyList<ScoredPair> links, int[] clusterOf, long comparedPairs, int oversizedBlocks, long skippedPairs, TimeSpan elapsed)
    {
        Links = links;
        ClusterOf = clusterOf;
        ComparedPairs = comparedPairs;
        OversizedBlocks = oversizedBlocks;
        SkippedPairs = skippedPairs;
        Elapsed = elapsed;
    }

    /// <summary>Every compared pair scoring at or above the threshold.</summary>
    public IReadOnlyList<ScoredPair> Links { get; }

    /// <summary>Per input record, the index of its cluster's representative (itself when unlinked).</summary>
    public IReadOnlyList<int> ClusterOf { get; }

    public long ComparedPairs { get; }

    public int OversizedBlocks { get; }

    public long SkippedPairs { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Clusters of two or more records, as lists of input indexes.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Clusters()
    {
        var groups = new Dictionary<int, List<int>>();
        for (var i = 0; i < ClusterOf.Count; i++)
        {
            var root = ClusterOf[i];
            if (!groups.TryGetValue(root, out var list))
            {
                groups[root] = list = [];
            }

            list.Add(i);
        }

        return groups.Values.Where(g => g.Count > 1).Select(g => (IReadOnlyList<int>)g).ToList();
    }
}
/// <summary>Batch deduplication: prepare, block, compare candidate pairs in parallel, cluster links with union–find.</summary>
public static class Deduplicator
{
    public static DedupResult Run(IReadOnlyList<PersonRecord> records, DedupOptions? options = null)
    {
        var prepared = new PreparedPerson[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = (options ?? new DedupOptions()).MaxDegreeOfParallelism },
            i => prepared[i] = PreparedPerson.Prepare(records[i]));
        return Run(prepared, options);
    }

    public static DedupResult Run(IReadOnlyList<PreparedPerson> prepared, DedupOptions? options = null)
    {
        options ??= new DedupOptions();
        var stopwatch = Stopwatch.StartNew();
        var pairs = new CandidatePairs(prepared, options.Hasher, options.MaxBlockSize);
        var links = new ConcurrentBag<List<ScoredPair>>();
        long compared = 0;
        var scorer = options.Scorer;
        var threshold = scorer.Threshold;
        var frequencies = options.UseNameFrequencies ? NameFrequencies.From(prepared) : null;

        // Blocks are handed out in chunks; each worker keeps its own link list. (No two records sharing a key: no blocks.)
        Parallel.ForEach(
            pairs.BlockCount == 0 ? Partitioner.Create(Array.Empty<Tuple<int, int>>()) : Partitioner.Create(0, pairs.BlockCount, Math.Max(1, pairs.BlockCount / (options.MaxDegreeOfParallelism * 64))),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism },
            () => new Worker(prepared, scorer, threshold, frequencies),
            (range, _, worker) =>
            {
                for (var block = range.Item1; block < range.Item2; block++)
                {
                    worker.Compared += pairs.VisitBlock(block, ref worker, static (ref Worker w, int i, int j) => w.Compare(i, j));
                }

                return worker;
            },
            worker =>
            {
                links.Add(worker.Links);
                Interlocked.Add(ref compared, worker.Compared);
            });

        var all = links.SelectMany(l => l).ToList();
        var clusterOf = UnionFind.Cluster(prepared.Count, all);
        return new DedupResult(all, clusterOf, compared, pairs.OversizedBlocks, pairs.SkippedPairs, stopwatch.Elapsed);
    }

    private struct Worker(IReadOnlyList<PreparedPerson> prepared, LinkageScorer scorer, double threshold, NameFrequencies? frequencies)
    {
        public List<ScoredPair> Links { get; } = [];

        public long Compared { get; set; }

        public readonly void Compare(int i, int j)
        {
            if (scorer.TryScore(prepared[i], prepared[j], frequencies, threshold, out var score))
            {
                Links.Add(new ScoredPair(i, j, score));
            }
        }
    }
}

/// <summary>Union–find with path halving and union by size.</summary>
public static class UnionFind
{
    /// <summary>Per element, the smallest index in its connected component.</summary>
    public static int[] Cluster(int count, IEnumerable<ScoredPair> links)
    {
        var parent = new int[count];
        var size = new int[count];
        for (var i = 0; i < count; i++)
        {
            parent[i] = i;
            size[i] = 1;
        }

        foreach (var link in links)
        {
            var a = Find(parent, link.First);
            var b = Find(parent, link.Second);
            if (a == b)
            {
                continue;
            }

            if (size[a] < size[b])
            {
                (a, b) = (b, a);
            }

            parent[b] = a;
            size[a] += size[b];
        }

        // Relabel every component by its smallest member, so the result does not depend on link order.
        var smallest = new int[count];
        Array.Fill(smallest, int.MaxValue);
        for (var i = 0; i < count; i++)
        {
            var root = Find(parent, i);
            smallest[root] = Math.Min(smallest[root], i);
        }

        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = smallest[Find(parent, i)];
        }

        return result;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
