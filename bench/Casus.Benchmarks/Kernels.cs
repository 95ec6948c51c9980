using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Casus.Web.Platform.ProcessingLog;

namespace Casus.Benchmarks;

/// <summary>The per-record CPU work of the processing log: chaining hashes and pseudonymising data subjects.</summary>
public static class Kernels
{
    public static int Run(string[] args)
    {
        // In process: no separate benchmark project is generated and built, so a run takes well under two minutes.
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts")); // under bin/, not in the work tree
        var summaries = BenchmarkSwitcher.FromTypes([typeof(LogKernels)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

[MemoryDiagnoser]
public class LogKernels
{
    private LogChain _chain = null!;
    private SubjectPseudonymizer _pseudonymizer = null!;
    private ProcessingLogRecord _processing = null!;
    private AccessLogRecord _access = null!;
    private Guid _subject;

    [GlobalSetup]
    public void Setup()
    {
        _chain = new LogChain(RandomNumberGenerator.GetBytes(32));
        _pseudonymizer = new SubjectPseudonymizer(RandomNumberGenerator.GetBytes(32));
        _subject = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        _processing = new ProcessingLogRecord
        {
            Sequence = 123_456,
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            SpanId = "00f067aa0ba902b7",
            ParentSpanId = "a3ce929d0e0e4736",
            Name = "read",
            StartTime = now,
            EndTime = now.AddMilliseconds(1),
            Status = "ok",
            ProcessingActivityId = ProcessingActivities.UserAdministration.Id,
            SubjectPseudonym = _pseudonymizer.Pseudonymize("user", _subject),
            PreviousHash = LogChain.Genesis,
            Hash = "",
        };
        _access = new AccessLogRecord
        {
            Sequence = 123_456,
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            OccurredAt = now,
            UserId = Guid.NewGuid(),
            OrganisationId = Guid.NewGuid(),
            Action = "read",
            Decision = "allowed",
            Reason = null,
            PreviousHash = LogChain.Genesis,
            Hash = "",
        };
    }

    [Benchmark]
    public string HashProcessingRecord() => _chain.Hash(_processing);

    [Benchmark]
    public string HashAccessRecord() => _chain.Hash(_access);

    [Benchmark]
    public string Pseudonymize() => _pseudonymizer.Pseudonymize("user", _subject);
}
