using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Casus.Linkage;
using Casus.Linkage.Comparison;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Phonetics;
using Casus.Linkage.Scoring;

namespace Casus.Benchmarks;

/// <summary>
/// The per-pair and per-record CPU work of person linkage:
/// dotnet run -c Release --project bench/Casus.Benchmarks -- linkage kernels
/// </summary>
[MemoryDiagnoser]
public class LinkageKernels
{
    private const int Pairs = 1024;
    private string[] _left = [];
    private string[] _right = [];
    private PersonRecord _record = null!;
    private PreparedPerson _a = null!;
    private PreparedPerson _b = null!;
    private string _written = "Łukasz van der Wiśniewski-Öztürk";
    private string _given = "mohammed";
    private string _surname = "wongsodikromo";

    /// <summary>Runs only these benchmarks, in process, short runs (like <see cref="Kernels"/>).</summary>
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkSwitcher.FromTypes([typeof(LinkageKernels)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    [GlobalSetup]
    public void Setup()
    {
        var data = Casus.Linkage.Synthetic.SyntheticPersons.Generate(new() { Records = 4 * Pairs, Seed = LinkageDefaults.TuningSeed });
        var surnames = data.Records.Where(r => r.Surname is not null).Select(r => PreparedPerson.Prepare(r).SurnameCanonical).Where(s => s.Length > 0).ToArray();
        _left = surnames.Take(Pairs).ToArray();
        _right = surnames.Skip(Pairs).Take(Pairs).ToArray();
        _record = new PersonRecord("r1")
        {
            GivenNames = "Mohammed Amine",
            Surname = "El-Amrani",
            DateOfBirth = new PartialDate(1998, 4, 17),
            NationalId = "1234.56.782",
            Postcode = "3023 ab",
            HouseNumber = "7-a",
        };
        _a = PreparedPerson.Prepare(_record);
        _b = PreparedPerson.Prepare(_record with { Id = "r2", GivenNames = "Muhammad", Surname = "Elamrani", DateOfBirth = new PartialDate(1998, 4, 17), NationalId = null });
    }

    /// <summary>One Jaro–Winkler comparison of two surnames from the generated set (1,024 per invocation).</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public double JaroWinklerSurnames()
    {
        var sum = 0.0;
        for (var i = 0; i < Pairs; i++)
        {
            sum += JaroWinkler.Similarity(_left[i], _right[i]);
        }

        return sum;
    }

    [Benchmark]
    public string FoldName() => TextFolding.Fold(_written);

    [Benchmark]
    public string CanonicalName() => NameVariants.CanonicalWord(_given);

    [Benchmark]
    public string PhoneticKeyOfName() => PhoneticKey.Compute(_surname);

    /// <summary>Normalising a whole record: folding, prefixes, variants, phonetic keys, identifiers.</summary>
    [Benchmark]
    public PreparedPerson PrepareRecord() => PreparedPerson.Prepare(_record);

    /// <summary>Comparing two prepared records and scoring them: the work per candidate pair.</summary>
    [Benchmark]
    public double ScoreOnePair() => LinkageScorer.Default.Score(_a, _b);

    [Benchmark]
    public MatchExplanation ExplainOnePair() => LinkageScorer.Default.Explain(_a, _b);
}
