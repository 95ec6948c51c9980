using Casus.Linkage.Blocking;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;

namespace Casus.Linkage.Index;

/// <summary>A known record that may be the same person as the probe, with its score and the reasons for it.</summary>
public sealed record LinkCandidate(PersonRecord Record, double Score, MatchExplanation Explanation);

/// <summary>
/// In-memory candidate index over known persons (signals and cases of one municipality or region), keyed by hashed
/// blocking keys. A query derives the probe's keys, hashes them with the same <see cref="IBlockingKeyHasher"/>,
/// collects the records sharing a key and scores each against the probe. Safe for concurrent queries; writes take
/// an exclusive lock.
/// </summary>
public sealed class CandidateIndex : IDisposable
{
    private readonly IBlockingKeyHasher _hasher;
    private readonly LinkageScorer _scorer;
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, int> _head = [];
    private readonly NameFrequencies _frequencies = new();
    private PreparedPerson?[] _slots = new PreparedPerson?[1024];
    private ulong[][] _slotKeys = new ulong[1024][];
    private int _slotCount;
    private int[] _entrySlot = new int[4096];
    private int[] _entryNext = new int[4096];
    private int _entryCount;
    private int _deadEntries;

    public CandidateIndex(IBlockingKeyHasher? hasher = null, LinkageScorer? scorer = null)
    {
        _hasher = hasher ?? IdentityBlockingKeyHasher.Instance;
        _scorer = scorer ?? LinkageScorer.Default;
    }

    /// <summary>Longest bucket scanned per key; a bucket beyond this (e.g. a placeholder date) is scanned only this far.</summary>
    public int MaxBucketScan { get; init; } = 5_000;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotById.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>The hashed blocking keys of a record, as the application stores them next to the encrypted record.</summary>
    public IReadOnlyList<string> HashedKeys(PersonRecord record) =>
        BlockingKeys.For(PreparedPerson.Prepare(record)).Select(k => _hasher.Hash(k.Value)).ToList();

    /// <summary>Adds or replaces a record, deriving and hashing its blocking keys.</summary>
    public void Add(PersonRecord record)
    {
        var prepared = PreparedPerson.Prepare(record);
        var fingerprints = BlockingKeys.For(prepared).Select(k => BlockingKeys.Fingerprint(_hasher.Hash(k.Value))).ToArray();
        Insert(prepared, fingerprints);
    }

    /// <summary>Adds or replaces a record whose hashed keys were stored earlier (no re-derivation).</summary>
    public void Add(PersonRecord record, IEnumerable<string> hashedKeys) =>
        Insert(PreparedPerson.Prepare(record), hashedKeys.Select(BlockingKeys.Fingerprint).ToArray());

    /// <summary>Adds many records, preparing and hashing them in parallel.</summary>
    public void AddRange(IReadOnlyList<PersonRecord> records)
    {
        var prepared = new PreparedPerson[records.Count];
        var fingerprints = new ulong[records.Count][];
        Parallel.For(0, records.Count, i =>
        {
            prepared[i] = PreparedPerson.Prepare(records[i]);
            fingerprints[i] = BlockingKeys.For(prepared[i]).Select(k => BlockingKeys.Fingerprint(_hasher.Hash(k.Value))).ToArray();
        });
        for (var i = 0; i < prepared.Length; i++)
        {
            Insert(prepared[i], fingerprints[i]);
        }
    }

    public bool Remove(string id)
    {
        _lock.EnterWriteLock();
        try
        {
            return RemoveLocked(id);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Known records scoring at or above the threshold against <paramref name="probe"/>, best first.</summary>
    public IReadOnlyList<LinkCandidate> Query(PersonRecord probe, double? threshold = null, int maxResults = 50)
    {
        var prepared = PreparedPerson.Prepare(probe);
        var fingerprints = BlockingKeys.For(prepared).Select(k => BlockingKeys.Fingerprint(_hasher.Hash(k.Value))).ToArray();
        return Query(prepared, fingerprints, threshold ?? _scorer.Threshold, maxResults);
    }

    private List<LinkCandidate> Query(PreparedPerson probe, ulong[] fingerprints, double threshold, int maxResults)
    {
        var results = new List<LinkCandidate>();
        var seen = new HashSet<int>();
        _lock.EnterReadLock();
        try
        {
            foreach (var fingerprint in fingerprints)
            {
                if (!_head.TryGetValue(fingerprint, out var entry))
                {
                    continue;
                }

                for (var scanned = 0; entry >= 0 && scanned < MaxBucketScan; entry = _entryNext[entry], scanned++)
                {
                    var slot = _entrySlot[entry];
                    var known = _slots[slot];
                    if (known is null || !seen.Add(slot) || ReferenceEquals(known.Record, probe.Record) || known.Record.Id == probe.Record.Id)
                    {
                        continue;
                    }

                    var score = _scorer.Score(probe, known, _frequencies);
                    if (score >= threshold)
                    {
                        results.Add(new LinkCandidate(known.Record, score, _scorer.Explain(probe, known, _frequencies)));
                    }
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        results.Sort((x, y) => y.Score.CompareTo(x.Score));
        if (results.Count > maxResults)
        {
            results.RemoveRange(maxResults, results.Count - maxResults);
        }

        return results;
    }

    private void Insert(PreparedPerson prepared, ulong[] fingerprints)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(prepared.Record.Id);
            if (_slotCount == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
                Array.Resize(ref _slotKeys, _slotKeys.Length * 2);
            }

            var slot = _slotCount++;
            _slots[slot] = prepared;
            _frequencies.Add(prepared);
            _slotKeys[slot] = fingerprints;
            _slotById[prepared.Record.Id] = slot;
            foreach (var fingerprint in fingerprints)
            {
                if (_entryCount == _entrySlot.Length)
                {
                    Array.Resize(ref _entrySlot, _entrySlot.Length * 2);
                    Array.Resize(ref _entryNext, _entryNext.Length * 2);
                }

                var entry = _entryCount++;
                _entrySlot[entry] = slot;
                _entryNext[entry] = _head.TryGetValue(fingerprint, out var previous) ? previous : -1;
                _head[fingerprint] = entry;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private bool RemoveLocked(string id)
    {
        if (!_slotById.Remove(id, out var slot))
        {
            return false;
        }

        _frequencies.Remove(_slots[slot]!);
        _slots[slot] = null;
        _deadEntries += _slotKeys[slot].Length;
        if (_deadEntries > 1024 && _deadEntries > _entryCount / 2)
        {
            CompactLocked();
        }

        return true;
    }

    /// <summary>Rebuilds slots and buckets without removed records.</summary>
    private void CompactLocked()
    {
        var slots = new PreparedPerson?[Math.Max(1024, _slotById.Count * 2)];
        var slotKeys = new ulong[slots.Length][];
        var count = 0;
        _head.Clear();
        _entryCount = 0;
        _slotById.Clear();
        for (var old = 0; old < _slotCount; old++)
        {
            var person = _slots[old];
            if (person is null)
            {
                continue;
            }

            var slot = count++;
            slots[slot] = person;
            slotKeys[slot] = _slotKeys[old];
            _slotById[person.Record.Id] = slot;
            foreach (var fingerprint in _slotKeys[old])
            {
                if (_entryCount == _entrySlot.Length)
                {
                    Array.Resize(ref _entrySlot, _entrySlot.Length * 2);
                    Array.Resize(ref _entryNext, _entryNext.Length * 2);
                }

                var entry = _entryCount++;
                _entrySlot[entry] = slot;
                _entryNext[entry] = _head.TryGetValue(fingerprint, out var previous) ? previous : -1;
                _head[fingerprint] = entry;
            }
        }

        _slots = slots;
        _slotKeys = slotKeys;
        _slotCount = count;
        _deadEntries = 0;
    }

    public void Dispose() => _lock.Dispose();
}
