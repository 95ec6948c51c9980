using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Cases;

public static class CasesSetup
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddScoped<CaseAccess>();
        services.AddScoped<OpenCase>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<CaseActions>();
        services.AddAuthorizationBuilder()
            // Roles that can hold a case: those who run cases and those who can be added to one. Which cases is
            // decided by CaseAccess (municipality for runners, active membership for the others).
            .AddPolicy(CasePolicies.Member, p => p.RequireAuthenticatedUser().RequireRole(CasePolicies.MemberRoles))
            .AddPolicy(CasePolicies.Runner, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProcessCoordinator, Roles.CaseDirector));
        return services;
    }
}

/// <summary>Who may do what with cases, by role; which cases is decided by <see cref="CaseAccess"/>.</summary>
public static class CasePolicies
{
    /// <summary>Opening cases one may see: runners of cases, and partners who may be added to a case.</summary>
    public const string Member = "cases-member";
    /// <summary>Running cases: lifecycle, membership, coordinator: process coordinators and case directors.</summary>
    public const string Runner = "cases-runner";

    public static readonly string[] MemberRoles = [Roles.ProcessCoordinator, Roles.CaseDirector, Roles.PartnerProfessional, Roles.OccasionalPartner];
}
