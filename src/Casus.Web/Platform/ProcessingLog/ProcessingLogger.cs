using System.Diagnostics;
using Casus.Web.Platform.Security;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>A data subject as the log knows it: a kind ("person", "user", …) and an id; pseudonymised on write.</summary>
public readonly record struct DataSubject(string Kind, Guid Id)
{
    public static DataSubject User(Guid id) => new("user", id);
}

/// <summary>
/// What features call to record processing of personal data. Every call writes one processing record per data
/// subject, carried by spans of a dedicated <see cref="ActivitySource"/> that is always sampled, plus one access
/// record of who acted; it returns only when both are durable, and throws when they are not (no log, no access).
/// </summary>
public interface IProcessingLogger
{
    /// <summary>Returns when the records are durable: call it before a change is saved.</summary>
    Task RecordAsync(ProcessingActivity activity, string action, IReadOnlyCollection<DataSubject> subjects, CancellationToken cancellationToken = default);

    /// <summary>
    /// For processing that changes nothing (a read, a list): the records are durable before the response leaves,
    /// not necessarily when this returns, so the commit overlaps with rendering the page. When they cannot be
    /// written, the response fails and shows nothing (no log, no access). Outside a request it is <see cref="RecordAsync"/>.
    /// </summary>
    Task RecordReadAsync(ProcessingActivity activity, string action, IReadOnlyCollection<DataSubject> subjects, CancellationToken cancellationToken = default) =>
        RecordAsync(activity, action, subjects, cancellationToken);

    /// <summary>Records a refused access attempt in the access log (no personal data was processed).</summary>
    Task RecordDeniedAsync(string action, string reason, CancellationToken cancellationToken = default);
}

public sealed class ProcessingLogger(
    ProcessingLogWriter writer,
    SubjectPseudonymizer pseudonymizer,
    TimeProvider time,
    ICurrentUser currentUser,
    IHttpContextAccessor httpContext,
    IProcessingActivityVersions? versions = null) : IProcessingLogger
{
    public const string SourceName = "Casus.ProcessingLog";
    public static readonly ActivitySource Source = new(SourceName, "1.0");

    /// <summary>The log's spans are never sampled away, whatever the telemetry configuration says.</summary>
    private static readonly ActivityListener AlwaysSample = CreateListener();

    private static ActivityListener CreateListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public async Task RecordAsync(ProcessingActivity activity, string action, IReadOnlyCollection<DataSubject> subjects, CancellationToken cancellationToken = default)
    {
        _ = AlwaysSample;
        var start = time.GetUtcNow();
        // The register's current version of the activity (cached, no query per record).
        var activityId = await (versions ?? DeclaredActivityVersions.Instance).CurrentIdAsync(activity, cancellationToken);
        var traceId = Activity.Current?.TraceId.ToHexString();
        var records = new List<ProcessingLogRecord>(subjects.Count);
        foreach (var subject in subjects)
        {
            using var span = Source.StartActivity(action, ActivityKind.Internal)
                ?? throw new ProcessingLogUnavailableException("The processing log activity source is not listened to.");
            var pseudonym = pseudonymizer.Pseudonymize(subject.Kind, subject.Id);
            span.SetTag("dpl.core.processing_activity_id", activityId);
            span.SetTag("dpl.core.data_subject_id", pseudonym);
            span.SetTag("dpl.core.data_subject_id_type", subject.Kind);
            traceId ??= span.TraceId.ToHexString();
            records.Add(new ProcessingLogRecord
            {
                TraceId = span.TraceId.ToHexString(),
                SpanId = span.SpanId.ToHexString(),
                ParentSpanId = span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString(),
                Name = action,
                StartTime = start,
                EndTime = time.GetUtcNow(),
                Status = "ok",
                ProcessingActivityId = activityId,
                SubjectPseudonym = pseudonym,
                PreviousHash = "",
                Hash = "",
            });
        }
        var access = Access(traceId ?? ActivityTraceId.CreateRandom().ToHexString(), action, "allowed", null);
        await writer.AppendAsync(records, [access]).WaitAsync(cancellationToken);
    }

    public Task RecordReadAsync(ProcessingActivity activity, string action, IReadOnlyCollection<DataSubject> subjects, CancellationToken cancellationToken = default)
    {
        if (httpContext.HttpContext is not { } context || context.Response.HasStarted)
        {
            return RecordAsync(activity, action, subjects, cancellationToken);
        }
        // The writer's thread commits beside the rest of the request; the response's headers wait for it, and so does
        // every byte of the body.
        ResponseLogGate.For(context).Add(RecordAsync(activity, action, subjects, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task RecordDeniedAsync(string action, string reason, CancellationToken cancellationToken = default)
    {
        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        await writer.AppendAsync([], [Access(traceId, action, "denied", reason)]).WaitAsync(cancellationToken);
    }

    private AccessLogRecord Access(string traceId, string action, string decision, string? reason) => new()
    {
        TraceId = traceId,
        OccurredAt = time.GetUtcNow(),
        UserId = currentUser.UserId,
        OrganisationId = currentUser.OrganisationId,
        Action = action,
        Decision = decision,
        Reason = reason,
        PreviousHash = "",
        Hash = "",
    };
}

/// <summary>
/// Holds a response until the log records of its reads are durable. The response body passes through
/// <see cref="GatedResponseBody"/>: its first write (or an explicit start) awaits the pending writes, so neither headers
/// nor body leave before the log is written, and a failed write throws into the request's own pipeline, where the
/// exception handler answers 503 with nothing of the page. An OnStarting callback covers responses without a body.
/// </summary>
public sealed class ResponseLogGate
{
    private readonly List<Task> _pending = [];

    public static ResponseLogGate For(HttpContext context)
    {
        if (context.Features.Get<ResponseLogGate>() is { } gate)
        {
            return gate;
        }
        gate = new ResponseLogGate();
        context.Features.Set(gate);
        context.Response.OnStarting(static state => ((ResponseLogGate)state).WaitAsync(), gate);
        return gate;
    }

    public void Add(Task write)
    {
        lock (_pending)
        {
            _pending.Add(write);
        }
    }

    /// <summary>
    /// Every write added so far; throws the first failure (<see cref="ProcessingLogUnavailableException"/>) once. The
    /// awaited writes are taken out, so the error response that follows a failure is not held up by it.
    /// </summary>
    public Task WaitAsync()
    {
        lock (_pending)
        {
            if (_pending.Count == 0)
            {
                return Task.CompletedTask;
            }
            var all = Task.WhenAll(_pending.ToArray());
            _pending.Clear();
            return all;
        }
    }
}

/// <summary>Puts <see cref="GatedResponseBody"/> in front of every response body (after the exception handler).</summary>
public static class ResponseLogGateMiddleware
{
    public static IApplicationBuilder UseResponseLogGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var gated = new GatedResponseBody(context, original);
        context.Features.Set<IHttpResponseBodyFeature>(gated);
        try
        {
            await next(context);
            // Bytes still buffered in the pipe writer pass the gate now. A response nothing was written to is left
            // unstarted, so the status code pages can still give an empty 404 its body.
            await gated.FlushWriterAsync();
        }
        finally
        {
            context.Features.Set(original);
        }
    });
}

/// <summary>A response body that waits for the request's pending log writes before its first byte goes out.</summary>
public sealed class GatedResponseBody(HttpContext context, IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature, IDisposable
{
    private readonly GateStream _stream = new(context, inner.Stream);
    private PipeWriter? _writer;

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering() => inner.DisableBuffering();

    /// <summary>Leaves the server's own body open: it belongs to the server.</summary>
    public void Dispose() => _stream.Dispose();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await GateStream.PassAsync(context);
        await inner.StartAsync(cancellationToken);
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await FlushWriterAsync();
        await GateStream.PassAsync(context);
        await inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        await FlushWriterAsync();
        await GateStream.PassAsync(context);
        await inner.CompleteAsync();
    }

    public async Task FlushWriterAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }

    private sealed class GateStream(HttpContext context, Stream inner) : Stream
    {
        public static Task PassAsync(HttpContext context) =>
            context.Features.Get<ResponseLogGate>()?.WaitAsync() ?? Task.CompletedTask;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await PassAsync(context);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await PassAsync(context);
            await inner.FlushAsync(cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
