using System.Globalization;
using System.Text;
using Casus.Linkage.Synthetic;

namespace Casus.Benchmarks;

/// <summary>
/// Writes a labelled CSV of generated records (column "entity" names each record's person) for measuring the
/// import-signals command: <c>import-sample --records 10000 [--duplicates 0.1] [--seed 20260] --out FILE</c>.
/// </summary>
public static class ImportSample
{
    public static int Run(string[] args)
    {
        var records = 10_000;
        var duplicates = 0.10;
        var seed = Casus.Linkage.Scoring.LinkageDefaults.EvaluationSeed;
        string? output = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--records": records = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--duplicates": duplicates = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": output = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}.");
                    return 2;
            }
        }
        if (output is null)
        {
            Console.Error.WriteLine("Usage: import-sample --records 10000 [--duplicates 0.1] [--seed 20260] --out FILE");
            return 2;
        }
        var set = SyntheticPersons.Generate(new SyntheticOptions { Records = records, DuplicateRate = duplicates, Seed = seed });
        using (var writer = new StreamWriter(output, false, new UTF8Encoding(false)))
        {
            SyntheticCsv.Write(set, writer);
        }
        Console.WriteLine($"Wrote {records} records ({set.EntityIds.Distinct().Count()} persons, seed {seed}) to {output}; truth column '{SyntheticCsv.TruthColumn}'.");
        return 0;
    }
}
