namespace Casus.Benchmarks;

/// <summary>
/// dotnet run -c Release --project bench/Casus.Benchmarks -- kernels [BenchmarkDotNet arguments]
/// dotnet run -c Release --project bench/Casus.Benchmarks -- import-sample --records 10000 --out /tmp/sample.csv
/// dotnet run -c Release --project bench/Casus.Benchmarks -- http [--seconds 10] [--concurrency 16] [--rate 0] [--interleave] [--warmup 1] [--rounds 1] [--warmup-rounds 1] [--target page|api]
/// dotnet run -c Release --project bench/Casus.Benchmarks -- writer [N]
/// dotnet run -c Release --project bench/Casus.Benchmarks -- keystore [N]
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "kernels":
                return Kernels.Run(args[1..]);
            case "linkage":
                return LinkageQuality.Run(args[1..]);
            case "writer":
                return await WriterLatency.RunAsync(args[1..]);
            case "http":
                return await HttpLoad.RunAsync(args[1..]);
            case "keystore":
                return KeyStoreLatency.Run(args[1..]);
            case "import-sample":
                return ImportSample.Run(args[1..]);
            default:
                Console.Error.WriteLine("""
                    Usage:
                      kernels [BenchmarkDotNet arguments]   LogChain.Hash and SubjectPseudonymizer, in process, short runs
                      import-sample --records N [--duplicates 0.1] [--seed N] --out FILE
                                                            a labelled CSV of generated records for import-signals --truth-column entity
                      http [--seconds N] [--concurrency N] [--rate N] [--interleave] [--warmup N] [--rounds N] [--warmup-rounds N] [--target page|api]
                                                            GET /api/v1/admin/users/{id} against Casus on Kestrel (127.0.0.1),
                                                            once with the processing log and once with a no-op logger
                      writer [N]                            N log records one after another through the writer, and N bare
                                                            SQLite commits (WAL, synchronous=FULL): where a logged read's time goes
                      keystore [N]                          wrapping and unwrapping a data key N times in the file key store and
                                                            in the PKCS#11 key store on SoftHSM (needs Debian's softhsm2)
                    """);
                return 2;
        }
    }
}
