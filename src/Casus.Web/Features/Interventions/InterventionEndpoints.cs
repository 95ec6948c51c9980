using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Interventions;

/// <summary>The region's intervention catalogue under /api/v1/interventions: regional coordinator and administrator.</summary>
public static class InterventionEndpoints
{
    public static WebApplication MapInterventionsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/interventions").WithTags("Intervention catalogue").RequireAuthorization(InterventionPolicies.Manage);
        group.MapGet("", async (InterventionCatalogue h, bool? includeRetired, CancellationToken ct) => TypedResults.Ok(await h.ListAsync(includeRetired ?? false, ct)))
            .WithName("ListInterventions").WithSummary("The region's catalogue, with how many plans use each entry");
        group.MapGet("/{id:guid}", async (Guid id, InterventionCatalogue h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetIntervention").WithSummary("One entry; the ETag header is its version");
        group.MapPost("", async (InterventionInput input, InterventionCatalogue h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.AddAsync(input, ct), c, r => $"/api/v1/interventions/{r.Id}", r => r.Version))
            .WithName("AddIntervention").WithSummary("Add an entry to the region's catalogue");
        group.MapPut("/{id:guid}", async (Guid id, InterventionInput input, InterventionCatalogue h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.UpdateAsync(id, v, input, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("ChangeIntervention").WithSummary("Change an entry; needs If-Match");
        group.MapPost("/{id:guid}/retire", async (Guid id, InterventionCatalogue h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.RetireAsync(id, v, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("RetireIntervention").WithSummary("Retire an entry: no longer offered to plans; needs If-Match");
        return app;
    }
}

public static class InterventionsSetup
{
    public static IServiceCollection AddInterventionsAndPlans(this IServiceCollection services)
    {
        services.AddScoped<InterventionCatalogue>();
        services.AddScoped<ActionPlans.ActionPlanQueries>();
        services.AddScoped<ActionPlans.ActionPlanActions>();
        services.AddScoped<ActionPlans.PlanDocument>();
        services.AddAuthorizationBuilder()
            .AddPolicy(InterventionPolicies.Manage, p => p.RequireAuthenticatedUser().RequireRole(Roles.RegionalCoordinator, Roles.SystemAdmin));
        return services;
    }
}
