namespace Casus.Web.Features.Admin;

public static class AdminSetup
{
    public static IServiceCollection AddAdmin(this IServiceCollection services) => services
        .AddScoped<RegionAdmin>()
        .AddScoped<MunicipalityAdmin>()
        .AddScoped<OrganisationAdmin>()
        .AddScoped<UserAdmin>();
}
