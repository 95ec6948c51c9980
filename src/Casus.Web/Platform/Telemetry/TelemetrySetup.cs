using Casus.Web.Platform.ProcessingLog;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Casus.Web.Platform.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// Structured logs, traces and metrics through OpenTelemetry. Exported over OTLP only when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set; the processing log itself never depends on this pipeline.
    /// </summary>
    public static WebApplicationBuilder AddCasusTelemetry(this WebApplicationBuilder builder)
    {
        // People read the console in Development; machines read it everywhere else.
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("casus"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddSource(ProcessingLogger.SourceName);
                if (otlp) { t.AddOtlpExporter(); }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter(ProcessingLogWriter.MeterName);
                if (otlp) { m.AddOtlpExporter(); }
            });
        _ = otel;
        return builder;
    }
}
