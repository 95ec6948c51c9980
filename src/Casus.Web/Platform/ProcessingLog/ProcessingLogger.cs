using System.Diagnostics;
using Casus.Web.Platform.Security;

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
    Task RecordAsync(ProcessingActivity activity, string action, IReadOnlyCollection<DataSubject> subjects, CancellationToken cancellationToken = default);

    /// <summary>Records a refused access attempt in the access log (no personal data was processed).</summary>
    Task RecordDeniedAsync(string action, string reason, CancellationToken cancellationToken = default);
}

public sealed class ProcessingLogger(
    ProcessingLogWriter writer,
    SubjectPseudonymizer pseudonymizer,
    TimeProvider time,
    ICurrentUser currentUser) : IProcessingLogger
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
        var traceId = Activity.Current?.TraceId.ToHexString();
        var records = new List<ProcessingLogRecord>(subjects.Count);
        foreach (var subject in subjects)
        {
            using var span = Source.StartActivity(action, ActivityKind.Internal)
                ?? throw new ProcessingLogUnavailableException("The processing log activity source is not listened to.");
            var pseudonym = pseudonymizer.Pseudonymize(subject.Kind, subject.Id);
            span.SetTag("dpl.core.processing_activity_id", activity.Id);
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
                ProcessingActivityId = activity.Id,
                SubjectPseudonym = pseudonym,
                PreviousHash = "",
                Hash = "",
            });
        }
        var access = Access(traceId ?? ActivityTraceId.CreateRandom().ToHexString(), action, "allowed", null);
        await writer.AppendAsync(records, [access]).WaitAsync(cancellationToken);
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
