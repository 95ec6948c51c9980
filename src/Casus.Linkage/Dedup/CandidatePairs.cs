using Casus.Linkage.Blocking;
using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Dedup;

/// <summary>
/// Blocks a batch: for every key kind, records are sorted by key fingerprint and every pair within a bucket is a
/// candidate. A pair sharing several keys is produced once, under the first kind they share, so no global set of
/// pairs is needed. Buckets larger than the cap (placeholder dates, very common names) are skipped and counted.
/// </summary>
public sealed class CandidatePairs
{
    // [record * KindCount + kind], 0 = no key: record-major, so checking the earlier kinds of a pair reads one or two
    // cache lines per record instead of one line in each kind's array.
    private readonly ulong[] _keys;
    private readonly List<(int Kind, int Start, int Length)> _blocks = [];
    private readonly ulong[][] _sortedKeys;
    private readonly int[][] _sortedRecords;
    private readonly HashSet<ulong> _oversized = [];

    public CandidatePairs(IReadOnlyList<PreparedPerson> records, IBlockingKeyHasher hasher, int maxBlockSize)
    {
        var count = records.Count;
        _keys = new ulong[(long)count * BlockingKeys.KindCount];
        _sortedKeys = new ulong[BlockingKeys.KindCount][];
        _sortedRecords = new int[BlockingKeys.KindCount][];

        Parallel.For(0, count, i =>
        {
            for (var kind = 0; kind < BlockingKeys.KindCount; kind++)
            {
                var value = BlockingKeys.Value(records[i], (BlockingKeyKind)kind);
                _keys[(i * BlockingKeys.KindCount) + kind] = value is null ? 0 : BlockingKeys.Fingerprint(hasher.Hash(value));
            }
        });

        Parallel.For(0, BlockingKeys.KindCount, kind =>
        {
            var keys = _keys;
            var present = 0;
            for (var i = 0; i < count; i++)
            {
                present += keys[(i * BlockingKeys.KindCount) + kind] != 0 ? 1 : 0;
            }

            var sortedKeys = new ulong[present];
            var sortedRecords = new int[present];
            var n = 0;
            for (var i = 0; i < count; i++)
            {
                var key = keys[(i * BlockingKeys.KindCount) + kind];
                if (key != 0)
                {
                    sortedKeys[n] = key;
                    sortedRecords[n++] = i;
                }
            }

            Array.Sort(sortedKeys, sortedRecords);
            _sortedKeys[kind] = sortedKeys;
            _sortedRecords[kind] = sortedRecords;
        });

        for (var kind = 0; kind < BlockingKeys.KindCount; kind++)
        {
            var array = _sortedKeys[kind];
            var start = 0;
            while (start < array.Length)
            {
                var end = start + 1;
                while (end < array.Length && array[end] == array[start])
                {
                    end++;
                }

                var length = end - start;
                if (length > BlockingKeys.MaxBucket((BlockingKeyKind)kind, maxBlockSize))
                {
                    OversizedBlocks++;
                    _oversized.Add(Tag(kind, array[start]));
                    SkippedPairs += (long)length * (length - 1) / 2;
                }
                else if (length > 1)
                {
                    _blocks.Add((kind, start, length));
                }

                start = end;
            }
        }
    }

    /// <summary>Buckets skipped for being larger than the cap.</summary>
    public int OversizedBlocks { get; }

    /// <summary>Pairs in skipped buckets (counted with repeats across kinds).</summary>
    public long SkippedPairs { get; }

    public int BlockCount => _blocks.Count;

    /// <summary>The key kind of block <paramref name="block"/>.</summary>
    public BlockingKeyKind KindOf(int block) => (BlockingKeyKind)_blocks[block].Kind;

    /// <summary>Calls <paramref name="visit"/> for every distinct candidate pair in block <paramref name="block"/>; returns how many.</summary>
    public long VisitBlock<TState>(int block, ref TState state, PairVisitor<TState> visit)
    {
        var (kind, start, length) = _blocks[block];
        var sorted = _sortedRecords[kind];
        long visited = 0;
        for (var x = start; x < start + length; x++)
        {
            var i = sorted[x];
            for (var y = x + 1; y < start + length; y++)
            {
                var j = sorted[y];
                if (SharedEarlier(kind, i, j))
                {
                    continue;
                }

                visited++;
                visit(ref state, i < j ? i : j, i < j ? j : i);
            }
        }

        return visited;
    }

    /// <summary>True when the two records also share a key of an earlier kind, where the pair was (or will be) produced.</summary>
    private bool SharedEarlier(int kind, int i, int j)
    {
        var ki = i * BlockingKeys.KindCount;
        var kj = j * BlockingKeys.KindCount;
        for (var earlier = 0; earlier < kind; earlier++)
        {
            var a = _keys[ki + earlier];
            if (a != 0 && a == _keys[kj + earlier] && !IsOversized(earlier, a))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOversized(int kind, ulong key) => _oversized.Count > 0 && _oversized.Contains(Tag(kind, key));

    private static ulong Tag(int kind, ulong key) => key ^ ((ulong)(kind + 1) * 0x9E3779B97F4A7C15UL);
}

public delegate void PairVisitor<TState>(ref TState state, int first, int second);
