using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;

namespace Casus.Web.Platform;

public static class PlatformSetup
{
    public static WebApplicationBuilder AddCasusPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ProfileOptions>().BindConfiguration(ProfileOptions.Section).ValidateDataAnnotations()
            .Validate(o => NationalProfiles.All.Any(p => p.Key == o.Key), "Profile:Key must name a known national profile.")
            .Validate(o => o.Retention.IsValid, "A retention period set under Profile:Retention needs its legal source (CaseSource, SignalSource).")
            .Validate(o => o.Retention.CaseYears is null or (>= 1 and <= 30) && o.Retention.SignalMonths is null or (>= 1 and <= 120),
                "Profile:Retention:CaseYears must be 1–30 and SignalMonths 1–120.")
            .ValidateOnStart();
        services.AddSingleton(sp => NationalProfiles.Get(builder.Configuration["Profile:Key"] ?? "NL-PGA"));

        services.AddSingleton<ProcessingLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ProcessingLogWriter>());
        services.AddScoped<IProcessingLogger, ProcessingLogger>();
        services.AddScoped<LogVerifier>();
        services.AddHostedService<LogHeadPublisher>();

        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        services.AddProblemDetails();
        // Enumerations travel as their names ("Police"), readable for partner systems and stable across versions.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi();
        services.AddHealthChecks().AddDbContextCheck<CasusDbContext>("database");
        services.AddRouting(o => o.LowercaseUrls = true);
        return builder;
    }

    public static WebApplication UseCasusPlatform(this WebApplication app)
    {
        // Only the unexpected ends up here: expected outcomes are error values mapped by Problems.ToProblem.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                ProcessingLogUnavailableException => StatusCodes.Status503ServiceUnavailable,
                // A record whose data key retention destroyed: gone for good, not a fault.
                Encryption.PersonDataShreddedException => StatusCodes.Status410Gone,
                BadHttpRequestException bad => bad.StatusCode,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        // Inside the exception handler: a read whose log record cannot be written fails with 503 and shows nothing.
        app.UseResponseLogGate();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        return app;
    }

    public static WebApplication MapCasusPlatform(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous().DisableRateLimiting();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
