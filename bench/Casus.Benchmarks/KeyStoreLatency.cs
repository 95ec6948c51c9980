using System.Runtime.InteropServices;
using System.Diagnostics;
using System.Security.Cryptography;
using Casus.Web.Platform.Security.KeyStores;

namespace Casus.Benchmarks;

/// <summary>
/// What wrapping and unwrapping a person's data key costs in each key store: the file store (AES-GCM in memory) and
/// the PKCS#11 store on Debian's SoftHSM (inside the token, one round trip through the module per call). Opening a
/// person's record unwraps one data key, so Open is the figure a read pays.
/// </summary>
public static class KeyStoreLatency
{
    private const string SoftHsmLibrary = "/usr/lib/softhsm/libsofthsm2.so";

    public static int Run(string[] args)
    {
        var n = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 20_000;
        if (!File.Exists(SoftHsmLibrary))
        {
            Console.Error.WriteLine("SoftHSM is not installed: apt-get install softhsm2");
            return 2;
        }
        var folder = Directory.CreateTempSubdirectory("casus-keystore-bench-").FullName;
        try
        {
            var tokens = Directory.CreateDirectory(Path.Combine(folder, "tokens")).FullName;
            var config = Path.Combine(folder, "softhsm2.conf");
            File.WriteAllText(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n");
            // SoftHSM reads it with the native getenv, which .NET's Environment.SetEnvironmentVariable does not reach.
            _ = setenv("SOFTHSM2_CONF", config, 1);
            using (var init = Process.Start(new ProcessStartInfo("softhsm2-util", "--init-token --free --label bench --so-pin 12345678 --pin 87654321")
            {
                RedirectStandardOutput = true,
                Environment = { ["SOFTHSM2_CONF"] = config },
            })!)
            {
                init.WaitForExit();
                if (init.ExitCode != 0)
                {
                    Console.Error.WriteLine("softhsm2-util could not create a token.");
                    return 1;
                }
            }
            Measure("file", new FileKeyStore(Path.Combine(folder, "keys.json")), n);
            using var token = new Pkcs11KeyStore(new Pkcs11KeyStoreOptions { LibraryPath = SoftHsmLibrary, TokenLabel = "bench", UserPin = "87654321" });
            Measure("pkcs11 (SoftHSM)", token, n);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Measure(string name, IKeyStore store, int n)
    {
        var context = "casus-dek:bench"u8.ToArray();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = store.Seal("kek:bench:v1", dataKey, context);
        for (var i = 0; i < Math.Min(n, 1000); i++)
        {
            store.Open("kek:bench:v1", wrapped, context);
        }
        var seal = Time(n, () => store.Seal("kek:bench:v1", dataKey, context));
        var open = Time(n, () => store.Open("kek:bench:v1", wrapped, context));
        var secret = Time(n, () => store.GetOrCreateKey("blind-index"));
        Console.WriteLine($"{name,-18} seal p50 {seal.P50:F3} ms p95 {seal.P95:F3} ms | open p50 {open.P50:F3} ms p95 {open.P95:F3} ms | secret p50 {secret.P50:F4} ms  ({n} each)");
    }

    private static (double P50, double P95) Time(int n, Action action)
    {
        var samples = new double[n];
        for (var i = 0; i < n; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return (samples[n / 2], samples[(int)(n * 0.95)]);
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);
}
