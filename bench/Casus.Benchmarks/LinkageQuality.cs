using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Casus.Linkage;
using Casus.Linkage.Comparison;
using Casus.Linkage.Dedup;
using Casus.Linkage.Evaluation;
using Casus.Linkage.Index;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;
using Casus.Linkage.Synthetic;

namespace Casus.Benchmarks;

/// <summary>
/// dotnet run -c Release --project bench/Casus.Benchmarks -- linkage [--records 100000] [--large 1000000] [--queries 100] [--tune]
/// dotnet run -c Release --project bench/Casus.Benchmarks -- linkage kernels [BenchmarkDotNet arguments]
/// Quality (precision, recall, F1, blocking) on the evaluation seed at the fixed default threshold, throughput, one
/// query against an index of --large persons, and a batch deduplication of --large records.
/// With --tune: estimates weights and sweeps thresholds on the tuning seed instead (how the defaults were chosen).
/// </summary>
public static class LinkageQuality
{
    public static int Run(string[] args)
    {
        if (args.FirstOrDefault() == "kernels")
        {
            return LinkageKernels.Run(args[1..]);
        }

        var records = IntOption(args, "--records", 100_000);
        var large = IntOption(args, "--large", 1_000_000);
        var queries = IntOption(args, "--queries", 100);
        Console.WriteLine($"Casus.Linkage on {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        if (args.Contains("--blocking"))
        {
            BlockingByKind(records, IntOption(args, "--cap", 1000), args.Contains("--names-only") ? FieldSet.NameAndDateOfBirth : FieldSet.All);
            return 0;
        }

        if (args.Contains("--diagnose"))
        {
            Diagnose(records, args.Contains("--names-only") ? FieldSet.NameAndDateOfBirth : FieldSet.All);
            return 0;
        }

        if (args.Contains("--sweep"))
        {
            Sweep(records, IntOption(args, "--seed", LinkageDefaults.TuningSeed), args);
            return 0;
        }

        if (args.Contains("--tune"))
        {
            Tune(records);
            return 0;
        }

        Console.WriteLine($"Default threshold {LinkageDefaults.Threshold} and weights were fixed on tuning seed {LinkageDefaults.TuningSeed} " +
                          $"(linkage --tune); measured here on evaluation seed {LinkageDefaults.EvaluationSeed}, never used for tuning.");
        Console.WriteLine();
        var ok = true;
        foreach (var fields in new[] { FieldSet.All, FieldSet.NameAndDateOfBirth })
        {
            ok &= Quality(records, fields, LinkageDefaults.EvaluationSeed);
        }

        ok &= Throughput();
        if (large > 0)
        {
            ok &= Query(large, queries);
            ok &= LargeDedup(large);
        }

        Console.WriteLine(ok ? "All targets met." : "Some targets NOT met (see lines marked MISSED).");
        return 0;
    }

    private static bool Quality(int count, FieldSet fields, int seed)
    {
        var sw = Stopwatch.StartNew();
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = count, DuplicateRate = 0.10, Fields = fields, Seed = seed });
        var generated = sw.Elapsed;
        var prepared = Prepare(data.Records);
        var blocking = LinkageEvaluation.Blocking(prepared, data.EntityIds);
        var result = Deduplicator.Run(prepared);
        var links = LinkageEvaluation.FromLinks(result.Links, data.EntityIds, LinkageDefaults.Threshold);
        var clusters = LinkageEvaluation.FromClusters(result.ClusterOf, data.EntityIds);
        Console.WriteLine($"== {count:N0} records, 10% duplicates, fields: {fields} (seed {seed}; generated in {generated.TotalSeconds:0.0} s)");
        Console.WriteLine($"   true pairs {blocking.TruePairs:N0}; threshold {LinkageDefaults.Threshold}");
        Console.WriteLine($"   links    : {links}");
        Console.WriteLine($"   clusters : {clusters}");
        Console.WriteLine($"   blocking : pair recall {blocking.PairRecall:0.0000}, candidate pairs {blocking.CandidatePairs:N0} = {blocking.ComparedFraction:0.00000%} of {blocking.AllPairs:N0} pairs, oversized buckets skipped {result.OversizedBlocks}");
        Console.WriteLine($"   dedup    : {result.ComparedPairs:N0} pairs compared in {result.Elapsed.TotalSeconds:0.00} s (blocking + comparing + clustering, {Environment.ProcessorCount} cores)");
        bool met;
        if (fields == FieldSet.All)
        {
            met = Target("F1 ≥ 0.98 with all fields (links)", links.F1 >= 0.98);
        }
        else
        {
            met = Target("precision ≥ 0.99 with name + date of birth (links)", links.Precision >= 0.99);
            met &= Target("recall ≥ 0.92 with name + date of birth (links)", links.Recall >= 0.92);
        }

        met &= Target("blocking keeps ≥ 99% of true pairs", blocking.PairRecall >= 0.99);
        met &= Target("blocking compares ≤ 0.2% of all pairs", blocking.ComparedFraction <= 0.002);
        Console.WriteLine();
        return met;
    }

    private static bool Throughput()
    {
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = 20_000, Seed = LinkageDefaults.EvaluationSeed });
        var prepared = Prepare(data.Records);
        var names = prepared.Where(p => p.HasSurname).Select(p => p.SurnameCanonical).ToArray();
        // Pairs of surnames drawn from the set, fixed beforehand so the timed loop does nothing but compare.
        const int n = 1 << 20;
        var random = new Random(LinkageDefaults.EvaluationSeed);
        var left = new string[n];
        var right = new string[n];
        for (var i = 0; i < n; i++)
        {
            left[i] = names[random.Next(names.Length)];
            right[i] = names[random.Next(names.Length)];
        }

        // Six rounds after a warm-up round; the best one counts, since a busy machine only ever makes a round slower.
        double sink = 0;
        var best = 0.0;
        for (var round = 0; round < 7; round++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                sink += JaroWinkler.Similarity(left[i], right[i]);
            }

            if (round > 0)
            {
                best = Math.Max(best, n / sw.Elapsed.TotalSeconds);
            }
        }

        Console.WriteLine($"== Jaro–Winkler on random pairs of surnames from the set, one thread, best of 6 rounds: {best / 1e6:0.0} million comparisons/s (checksum {sink:0})");
        var met = Target("name comparison ≥ 10 million/s per core", best >= 10e6);

        var scorer = LinkageScorer.Default;
        const int pairs = 5_000_000;
        var total = 0.0;
        var timer = Stopwatch.StartNew();
        for (var i = 0; i < pairs; i++)
        {
            total += scorer.Score(prepared[i % prepared.Length], prepared[(i * 31 + 7) % prepared.Length]);
        }

        Console.WriteLine($"== Full record comparison (all fields, vector + score), one thread: {pairs / timer.Elapsed.TotalSeconds / 1e6:0.00} million pairs/s (checksum {total:0})");
        Console.WriteLine();
        return met;
    }

    private static bool Query(int size, int queries)
    {
        var sw = Stopwatch.StartNew();
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = size + queries, Seed = LinkageDefaults.EvaluationSeed + 1 });
        var generated = sw.Elapsed;
        var key = RandomNumberGenerator.GetBytes(32);
        using var index = new CandidateIndex(new Casus.Linkage.Blocking.HmacBlockingKeyHasher(key));
        sw.Restart();
        index.AddRange(data.Records.Take(size).ToList());
        var built = sw.Elapsed;
        var entityOfId = new Dictionary<string, int>();
        for (var i = 0; i < size; i++)
        {
            entityOfId[data.Records[i].Id] = data.EntityIds[i];
        }

        var knownEntities = new HashSet<int>(data.EntityIds.Take(size));
        // Warm up, then time each query.
        for (var i = 0; i < 10; i++)
        {
            index.Query(data.Records[size + (i % queries)]);
        }

        var times = new List<double>();
        int found = 0, expected = 0, wrong = 0;
        for (var q = 0; q < queries; q++)
        {
            var probe = data.Records[size + q];
            var t = Stopwatch.StartNew();
            var candidates = index.Query(probe);
            times.Add(t.Elapsed.TotalMilliseconds);
            var entity = data.EntityIds[size + q];
            if (knownEntities.Contains(entity))
            {
                expected++;
                found += candidates.Any(c => entityOfId[c.Record.Id] == entity) ? 1 : 0;
            }

            wrong += candidates.Count(c => entityOfId[c.Record.Id] != entity);
        }

        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"== Index of {size:N0} persons (all fields, HMAC-SHA256 keys): generated {generated.TotalSeconds:0.0} s, built {built.TotalSeconds:0.0} s");
        Console.WriteLine($"   {queries} new signals queried: median {median:0.00} ms, p95 {times[(int)(times.Count * 0.95)]:0.00} ms, max {times[^1]:0.00} ms; " +
                          $"already-known persons found {found}/{expected}, wrong candidates {wrong}");
        var met = Target("one new signal against 1,000,000 known persons < 50 ms (median)", median < 50);
        Console.WriteLine();
        return met;
    }

    private static bool LargeDedup(int size)
    {
        var sw = Stopwatch.StartNew();
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = size, Seed = LinkageDefaults.EvaluationSeed + 2 });
        var generated = sw.Elapsed;
        GC.Collect();
        sw.Restart();
        var result = Deduplicator.Run(data.Records);
        var elapsed = sw.Elapsed;
        var links = LinkageEvaluation.FromLinks(result.Links, data.EntityIds, LinkageDefaults.Threshold);
        var clusters = result.Clusters();
        Console.WriteLine($"== Batch deduplication of {size:N0} records (all fields; generated in {generated.TotalSeconds:0.0} s, not counted)");
        Console.WriteLine($"   {elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores (prepare, block, compare {result.ComparedPairs:N0} pairs, union-find): " +
                          $"{result.Links.Count:N0} links, {clusters.Count:N0} clusters of 2+; {result.ComparedPairs / elapsed.TotalSeconds / 1e6:0.0} million pairs/s overall");
        Console.WriteLine($"   links: {links}");
        var met = Target("batch deduplication of 1,000,000 records < 60 s", elapsed.TotalSeconds < 60);
        Console.WriteLine();
        return met;
    }

    private static void Tune(int count)
    {
        var seed = LinkageDefaults.TuningSeed;
        Console.WriteLine($"Tuning on seed {seed} ({count:N0} records, 10% duplicates). The evaluation seed {LinkageDefaults.EvaluationSeed} is not touched.");
        var all = SyntheticPersons.Generate(new SyntheticOptions { Records = count, Fields = FieldSet.All, Seed = seed });
        var preparedAll = Prepare(all.Records);
        var estimated = WeightEstimator.Estimate(preparedAll, all.EntityIds, 5_000_000, seed);
        Console.WriteLine("Estimated weights (log2 m/u):");
        Console.WriteLine(WeightEstimator.Format(estimated));
        var nameDob = SyntheticPersons.Generate(new SyntheticOptions { Records = count, Fields = FieldSet.NameAndDateOfBirth, Seed = seed });
        var preparedNameDob = Prepare(nameDob.Records);
        foreach (var (label, weights) in new[] { ("current defaults", LinkageWeights.Default), ("estimated", estimated) })
        {
            Console.WriteLine($"Threshold sweep with {label} weights (links):");
            var resultAll = Deduplicator.Run(preparedAll, new DedupOptions { Scorer = new LinkageScorer(weights, 0) });
            var resultNameDob = Deduplicator.Run(preparedNameDob, new DedupOptions { Scorer = new LinkageScorer(weights, 0) });
            for (var t = 14.0; t <= 26.0; t += 1.0)
            {
                var a = LinkageEvaluation.FromLinks(resultAll.Links, all.EntityIds, t);
                var b = LinkageEvaluation.FromLinks(resultNameDob.Links, nameDob.EntityIds, t);
                var threshold = t;
                var ca = LinkageEvaluation.FromClusters(UnionFind.Cluster(all.Records.Count, resultAll.Links.Where(l => l.Score >= threshold)), all.EntityIds);
                var cb = LinkageEvaluation.FromClusters(UnionFind.Cluster(nameDob.Records.Count, resultNameDob.Links.Where(l => l.Score >= threshold)), nameDob.EntityIds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  t={t,5:0.0}  links all: P {a.Precision:0.0000} R {a.Recall:0.0000} F1 {a.F1:0.0000}  name+dob: P {b.Precision:0.0000} R {b.Recall:0.0000} F1 {b.F1:0.0000} | clusters all: P {ca.Precision:0.0000} R {ca.Recall:0.0000} F1 {ca.F1:0.0000}  name+dob: P {cb.Precision:0.0000} R {cb.Recall:0.0000}"));
            }
        }
    }

    /// <summary>
    /// Threshold sweep with the default weights on a development seed (never the evaluation seed), both field sets.
    /// Pairs without national id and address carry <see cref="LinkageWeights.Uncorroborated"/> in their score, so for
    /// name + date of birth the effective bar is the threshold shown minus that weight.
    /// </summary>
    private static void Sweep(int count, int seed, string[] args)
    {
        if (seed == LinkageDefaults.EvaluationSeed)
        {
            throw new ArgumentException("The evaluation seed is not for tuning.");
        }

        var results = new List<(FieldSet Fields, DedupResult Result, IReadOnlyList<int> Entities, Casus.Linkage.Evaluation.BlockingQuality Blocking)>();
        foreach (var fields in new[] { FieldSet.NameAndDateOfBirth, FieldSet.All })
        {
            var data = SyntheticPersons.Generate(new SyntheticOptions { Records = count, Fields = fields, Seed = seed });
            var prepared = Prepare(data.Records);
            results.Add((fields, Deduplicator.Run(prepared, new DedupOptions { Scorer = new LinkageScorer(LinkageWeights.Default, 10) }), data.EntityIds,
                LinkageEvaluation.Blocking(prepared, data.EntityIds)));
        }

        Console.WriteLine($"Seed {seed}: blocking name+dob recall {results[0].Blocking.PairRecall:0.0000} ({results[0].Blocking.ComparedFraction:0.0000%}), all {results[1].Blocking.PairRecall:0.0000} ({results[1].Blocking.ComparedFraction:0.0000%})");
        for (var t = 17.0; t <= 26.0; t += 0.5)
        {
            var a = LinkageEvaluation.FromLinks(results[0].Result.Links, results[0].Entities, t);
            var b = LinkageEvaluation.FromLinks(results[1].Result.Links, results[1].Entities, t);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  t={t,5:0.0}  name+dob: P {a.Precision:0.0000} R {a.Recall:0.0000} F1 {a.F1:0.0000} (FP {a.FalsePositives})  all: P {b.Precision:0.0000} R {b.Recall:0.0000} F1 {b.F1:0.0000}"));
        }
    }

    /// <summary>Prints false links and missed pairs on the tuning seed, to see what the scoring gets wrong.</summary>
    private static void Diagnose(int count, FieldSet fields)
    {
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = count, Fields = fields, Seed = LinkageDefaults.TuningSeed });
        var prepared = Prepare(data.Records);
        var result = Deduplicator.Run(prepared, new DedupOptions { Scorer = new LinkageScorer(LinkageWeights.Default, -100) });
        var scorer = LinkageScorer.Default;
        string Show(int i) => $"{data.Records[i].GivenNames} | {data.Records[i].SurnamePrefix} | {data.Records[i].Surname} | {data.Records[i].DateOfBirth} | {data.Records[i].NationalId} | {data.Records[i].Postcode} {data.Records[i].HouseNumber}";
        Console.WriteLine("False links (score ≥ threshold, different persons):");
        foreach (var link in result.Links.Where(l => l.Score >= LinkageDefaults.Threshold && data.EntityIds[l.First] != data.EntityIds[l.Second]).Take(10))
        {
            Console.WriteLine($"  {link.Score,6:0.0}  {Show(link.First)}\n          {Show(link.Second)}\n          {scorer.Explain(prepared[link.First], prepared[link.Second]).Vector}");
        }

        var compared = new HashSet<(int, int)>(result.Links.Select(l => (l.First, l.Second)));
        var linked = new HashSet<(int, int)>(result.Links.Where(l => l.Score >= LinkageDefaults.Threshold).Select(l => (l.First, l.Second)));
        Console.WriteLine("False links by comparison vector:");
        foreach (var g in result.Links.Where(l => l.Score >= LinkageDefaults.Threshold && data.EntityIds[l.First] != data.EntityIds[l.Second])
                     .GroupBy(l => Short(ComparisonVector.Compare(prepared[l.First], prepared[l.Second]))).OrderByDescending(g => g.Count()).Take(25))
        {
            Console.WriteLine($"  {g.Count(),6}  {g.Key}  score {g.First().Score:0.0}");
        }

        var missed = new List<(int, int)>();
        foreach (var group in Enumerable.Range(0, data.Records.Count).GroupBy(i => data.EntityIds[i]).Where(g => g.Count() > 1))
        {
            var m = group.ToArray();
            for (var x = 0; x < m.Length; x++)
            {
                for (var y = x + 1; y < m.Length; y++)
                {
                    var pair = (Math.Min(m[x], m[y]), Math.Max(m[x], m[y]));
                    if (!linked.Contains(pair))
                    {
                        missed.Add(pair);
                    }
                }
            }
        }

        Console.WriteLine($"Missed true pairs by comparison vector ({missed.Count}, not blocked {missed.Count(p => !compared.Contains(p))}):");
        foreach (var g in missed.GroupBy(p => (compared.Contains(p) ? "" : "NOT BLOCKED ") + Short(ComparisonVector.Compare(prepared[p.Item1], prepared[p.Item2])))
                     .OrderByDescending(g => g.Count()).Take(30))
        {
            Console.WriteLine($"  {g.Count(),6}  {g.Key}  score {scorer.Score(prepared[g.First().Item1], prepared[g.First().Item2]):0.0}");
        }

        Console.WriteLine("Missed true pairs:");
        var shown = 0;
        foreach (var group in Enumerable.Range(0, data.Records.Count).GroupBy(i => data.EntityIds[i]).Where(g => g.Count() > 1))
        {
            var m = group.ToArray();
            for (var x = 0; x < m.Length && shown < 30; x++)
            {
                for (var y = x + 1; y < m.Length && shown < 30; y++)
                {
                    var pair = (Math.Min(m[x], m[y]), Math.Max(m[x], m[y]));
                    if (!linked.Contains(pair))
                    {
                        shown++;
                        var e = scorer.Explain(prepared[pair.Item1], prepared[pair.Item2]);
                        Console.WriteLine($"  {e.Score,6:0.0} {(compared.Contains(pair) ? "" : "NOT BLOCKED")} {Show(pair.Item1)}\n          {Show(pair.Item2)}\n          {e.Vector}");
                    }
                }
            }
        }
    }

    /// <summary>Candidate pairs and true pairs per key kind (a pair counts under the first kind it shares), on the tuning seed.</summary>
    private static void BlockingByKind(int count, int cap, FieldSet fields)
    {
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = count, Fields = fields, Seed = LinkageDefaults.TuningSeed });
        var prepared = Prepare(data.Records);
        var pairs = new CandidatePairs(prepared, Casus.Linkage.Blocking.IdentityBlockingKeyHasher.Instance, cap);
        var candidates = new long[Casus.Linkage.Blocking.BlockingKeys.KindCount];
        var kept = new long[candidates.Length];
        var state = (Entities: data.EntityIds, Kept: 0L);
        for (var block = 0; block < pairs.BlockCount; block++)
        {
            state.Kept = 0;
            var kind = (int)pairs.KindOf(block);
            candidates[kind] += pairs.VisitBlock(block, ref state, static (ref (IReadOnlyList<int> Entities, long Kept) s, int i, int j) =>
            {
                if (s.Entities[i] == s.Entities[j])
                {
                    s.Kept++;
                }
            });
            kept[kind] += state.Kept;
        }

        var truePairs = LinkageEvaluation.CountTruePairs(data.EntityIds);
        Console.WriteLine($"{count:N0} records, cap {cap}: {candidates.Sum():N0} candidate pairs, {kept.Sum():N0} of {truePairs:N0} true pairs kept; oversized buckets {pairs.OversizedBlocks}");
        for (var kind = 0; kind < candidates.Length; kind++)
        {
            Console.WriteLine($"  {(Casus.Linkage.Blocking.BlockingKeyKind)kind,-22} candidates {candidates[kind],14:N0}  true pairs first found here {kept[kind],8:N0}");
        }
    }

    private static string Short(ComparisonVector v) =>
        $"given {v.GivenName}, surname {v.Surname}{(v.SurnamePrefixDiffers ? " (prefix)" : "")}{(v.NamesSwapped ? " (swapped)" : "")}, dob {v.DateOfBirth}, id {v.NationalId}, address {v.Address}";

    private static PreparedPerson[] Prepare(IReadOnlyList<PersonRecord> records)
    {
        var prepared = new PreparedPerson[records.Count];
        Parallel.For(0, records.Count, i => prepared[i] = PreparedPerson.Prepare(records[i]));
        return prepared;
    }

    private static bool Target(string description, bool met)
    {
        Console.WriteLine($"   target {description}: {(met ? "met" : "MISSED")}");
        return met;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
