using Casus.Web.Features.Privacy;
using Casus.Web.Platform.Errors;

namespace Casus.Web.Features.Retention;

public static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddScoped<DestructionList>();
        services.AddScoped<RecordDestroyer>();
        services.AddScoped<Platform.Encryption.KeyRetirement>();
        services.AddHostedService<RetentionJob>();
        return services;
    }

    /// <summary>The privacy officer's retention API under /api/v1/privacy/retention.</summary>
    public static WebApplication MapRetentionApi(this WebApplication app)
    {
        var retention = app.MapGroup("/api/v1/privacy/retention").WithTags("Retention").RequireAuthorization(PrivacyPolicies.Officer);
        retention.MapGet("/rules", (DestructionList h) => h.Rules)
            .WithName("RetentionRules").WithSummary("The retention periods in force, with their legal source");
        retention.MapGet("/proposals", (DestructionList h, ProposalStatus? status, CancellationToken ct) => h.ProposalsAsync(status ?? ProposalStatus.Proposed, ct))
            .WithName("ListDestructionProposals").WithSummary("The destruction list of your region (no names: reference, municipality, dates)");
        retention.MapPost("/proposals/{id:guid}/approve", async (Guid id, ApproveInput input, DestructionList h, HttpContext c, CancellationToken ct) =>
            {
                if (!ETags.TryParse(c.Request.Headers.IfMatch, out var version))
                {
                    return AppError.PreconditionRequired().ToProblem(c);
                }
                var result = await h.ApproveAsync(id, version, input, ct);
                return result.Ok ? Results.Ok(result.Value) : result.Error!.ToProblem(c);
            })
            .WithName("ApproveDestruction").WithSummary("Destroy one proposed record now; needs {\"confirm\": true} and If-Match");
        retention.MapGet("/holds", (DestructionList h, CancellationToken ct) => h.HoldsAsync(ct))
            .WithName("ListLegalHolds").WithSummary("Legal holds in force in your region");
        retention.MapPost("/holds", async (HoldInput input, DestructionList h, HttpContext c, CancellationToken ct) =>
                ApiResults.Ok(await h.PlaceHoldAsync(input, ct), c, x => x.Version))
            .WithName("PlaceLegalHold").WithSummary("Keep a signal or case (by reference) from destruction until a date, with a reason");
        retention.MapPost("/holds/{id:guid}/lift", async (Guid id, DestructionList h, HttpContext c, CancellationToken ct) =>
            {
                if (!ETags.TryParse(c.Request.Headers.IfMatch, out var version))
                {
                    return AppError.PreconditionRequired().ToProblem(c);
                }
                return ApiResults.Ok(await h.LiftHoldAsync(id, version, ct), c, x => x.Version);
            })
            .WithName("LiftLegalHold").WithSummary("Lift a legal hold before its end date; needs If-Match");
        return app;
    }
}
