using System.Threading.RateLimiting;
using Casus.Web.Features.PartnerSystems;
using Casus.Web.Platform.Encryption;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Casus.Web.Platform.Security;
using Casus.Web.Platform.Security.KeyStores;

namespace Casus.Web.Features.Signals;

public static class SignalsSetup
{
    public static IServiceCollection AddSignals(this IServiceCollection services)
    {
        services.AddScoped<SignalAccess>();
        services.AddScoped<RegisterSignal>();
        services.AddScoped<SignalQueries>();
        services.AddScoped<SignalActions>();
        services.AddScoped<PublicReports>();
        services.AddScoped<SignalAttachments>();
        // Built at start so that a bad catalogue file stops the application with a clear message.
        services.AddSingleton<IndicatorCatalogues>();
        services.AddOptions<IndicatorCatalogueCheck>().Configure<IndicatorCatalogues>((_, _) => { }).ValidateOnStart();
        services.AddSingleton<IPersonMatcher, LibraryPersonMatcher>();
        services.AddScoped<SignalLinking>();
        services.AddScoped<Import.SignalImport>();
        services.AddOptions<PublicReportOptions>().BindConfiguration(PublicReportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Anonymous pages are the easiest to abuse: few reports and few code attempts per address and hour.
        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(PublicReportOptions.SubmitLimit, ctx => Hourly(ctx, ctx.RequestServices.GetRequiredService<IOptions<PublicReportOptions>>().Value.ReportsPerHour));
            o.AddPolicy(PublicReportOptions.FollowUpLimit, ctx => Hourly(ctx, ctx.RequestServices.GetRequiredService<IOptions<PublicReportOptions>>().Value.FollowUpAttemptsPerHour));
        });
        services.AddScoped<PersonDataProtector>();
        services.AddAuthorizationBuilder()
            .AddPolicy(SignalPolicies.Reporter, p => p.RequireAuthenticatedUser().RequireRole(SignalPolicies.ReporterRoles))
            // Registering a signal: a reporting professional (cookie), or a partner system with the signals:write scope (bearer token).
            .AddPolicy(SignalPolicies.Submit, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, PartnerSystemAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => SignalPolicies.ReporterRoles.Any(ctx.User.IsInRole)
                    || ctx.User.FindAll("scope").Any(c => c.Value.Split(' ').Contains(PartnerScopes.SignalsWrite))))
            .AddPolicy(SignalPolicies.Inbox, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProcessCoordinator, Roles.CaseDirector));
        services.AddSingleton(sp => new BlindIndex(sp.GetRequiredService<IKeyStore>().GetOrCreateKey("blind-index")));
        return services;
    }

    private static RateLimitPartition<string> Hourly(HttpContext ctx, int permits) => RateLimitPartition.GetFixedWindowLimiter(
        ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromHours(1), QueueLimit = 0 });
}

/// <summary>Limits of the public report pages, per client address.</summary>
public sealed class PublicReportOptions
{
    public const string Section = "PublicReports";
    public const string SubmitLimit = "public-report";
    public const string FollowUpLimit = "public-follow-up";

    /// <summary>Reports a member of the public may send per hour (counting every POST of the form).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)] public int ReportsPerHour { get; set; } = 30;
    /// <summary>Follow-up page requests per hour: guessing a 100-bit code is hopeless, this keeps it so.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)] public int FollowUpAttemptsPerHour { get; set; } = 60;
}

/// <summary>Who may do what with signals, by role; which signals is decided by <see cref="SignalAccess"/>.</summary>
public static class SignalPolicies
{
    /// <summary>Professionals who report signals: partners, occasional partners, coordinators and case directors.</summary>
    public const string Reporter = "signals-reporter";
    /// <summary>The inbox of a municipality: process coordinators and case directors.</summary>
    public const string Inbox = "signals-inbox";
    /// <summary>Submitting a signal: reporters, and partner systems with the signals:write scope.</summary>
    public const string Submit = "signals-submit";

    public static readonly string[] ReporterRoles = [Roles.PartnerProfessional, Roles.OccasionalPartner, Roles.ProcessCoordinator, Roles.CaseDirector];
}

/// <summary>Makes the catalogues load during start-up (ValidateOnStart), not at the first signal.</summary>
public sealed class IndicatorCatalogueCheck;
