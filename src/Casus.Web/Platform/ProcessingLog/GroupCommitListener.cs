using System.Diagnostics.Metrics;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Counts, in process, what the writer's meter reports: commits and the logged actions they made durable. For the
/// benchmark and the tests; operators read the same meter through OpenTelemetry. The meter is process-wide, so every
/// writer in the process adds to it.
/// </summary>
public sealed class GroupCommitListener : IDisposable
{
    private readonly MeterListener _listener;
    private long _commits;
    private long _appends;

    public GroupCommitListener()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ProcessingLogWriter.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == ProcessingLogWriter.CommitsInstrument) { Interlocked.Add(ref _commits, value); }
            else if (instrument.Name == ProcessingLogWriter.AppendsInstrument) { Interlocked.Add(ref _appends, value); }
        });
        _listener.Start();
    }

    public long Commits => Interlocked.Read(ref _commits);
    public long Appends => Interlocked.Read(ref _appends);

    public void Dispose() => _listener.Dispose();
}
