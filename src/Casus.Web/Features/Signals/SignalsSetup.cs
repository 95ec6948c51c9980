using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Signals;

public static class SignalsSetup
{
    public static IServiceCollection AddSignals(this IServiceCollection services)
    {
        services.AddScoped<SignalAccess>();
        services.AddScoped<RegisterSignal>();
        services.AddScoped<SignalQueries>();
        services.AddScoped<SignalActions>();
        services.AddScoped<PersonDataProtector>();
        services.AddAuthorizationBuilder()
            .AddPolicy(SignalPolicies.Reporter, p => p.RequireAuthenticatedUser().RequireRole(SignalPolicies.ReporterRoles))
            .AddPolicy(SignalPolicies.Inbox, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProcessCoordinator, Roles.CaseDirector));
        services.AddSingleton(sp => new BlindIndex(sp.GetRequiredService<IKeyStore>().GetOrCreateKey("blind-index")));
        return services;
    }
}

/// <summary>Who may do what with signals, by role; which signals is decided by <see cref="SignalAccess"/>.</summary>
public static class SignalPolicies
{
    /// <summary>Professionals who report signals: partners, occasional partners, coordinators and case directors.</summary>
    public const string Reporter = "signals-reporter";
    /// <summary>The inbox of a municipality: process coordinators and case directors.</summary>
    public const string Inbox = "signals-inbox";

    public static readonly string[] ReporterRoles = [Roles.PartnerProfessional, Roles.OccasionalPartner, Roles.ProcessCoordinator, Roles.CaseDirector];
}
