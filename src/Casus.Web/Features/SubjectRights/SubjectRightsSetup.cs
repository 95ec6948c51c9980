using Casus.Web.Features.Privacy;
using Casus.Web.Platform.Errors;

namespace Casus.Web.Features.SubjectRights;

public static class SubjectRightsSetup
{
    public static IServiceCollection AddSubjectRights(this IServiceCollection services)
    {
        services.AddScoped<SubjectRequests>();
        services.AddScoped<AccessReport>();
        services.AddScoped<AccessReportPdf>();
        return services;
    }

    /// <summary>The privacy officer's API for data-subject requests, under /api/v1/privacy/requests.</summary>
    public static WebApplication MapSubjectRightsApi(this WebApplication app)
    {
        var requests = app.MapGroup("/api/v1/privacy/requests").WithTags("Data-subject rights").RequireAuthorization(PrivacyPolicies.Officer);

        requests.MapGet("/", (SubjectRequests h, SubjectRequestStatus? status, int? page, int? pageSize, CancellationToken ct) =>
                h.ListAsync(status, new ListQuery(page ?? 1, pageSize ?? 25), ct))
            .WithName("ListSubjectRequests").WithSummary("Data-subject requests of your region, open first, by due date");
        requests.MapPost("/", async (NewSubjectRequestInput input, SubjectRequests h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.CreateAsync(input, ct), c, r => $"/api/v1/privacy/requests/{r.Id}", r => r.Version))
            .WithName("CreateSubjectRequest").WithSummary("Record a request (access, rectification, restriction, erasure); the person by a signal or case reference");
        requests.MapGet("/{id:guid}", async (Guid id, SubjectRequests h, HttpContext c, CancellationToken ct) =>
                ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetSubjectRequest").WithSummary("One request with its due date and decision");
        requests.MapPost("/{id:guid}/decision", (Guid id, DecisionInput input, SubjectRequests h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, version => h.DecideAsync(id, version, input, ct)))
            .WithName("DecideSubjectRequest").WithSummary("Grant, partly grant or refuse, with the legal ground; needs If-Match");
        requests.MapPost("/{id:guid}/lift", (Guid id, LiftInput input, SubjectRequests h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, version => h.LiftAsync(id, version, input, ct)))
            .WithName("LiftRestriction").WithSummary("Lift a granted restriction, with a reason; needs If-Match");
        requests.MapPost("/{id:guid}/parts", async (Guid id, PartDecisionInput input, SubjectRequests h, AccessReport report, HttpContext c, CancellationToken ct) =>
            {
                var built = await report.BuildAsync(id, ct);
                if (!built.Ok)
                {
                    return built.Error!.ToProblem(c);
                }
                var keys = built.Value!.Parts.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
                return await WithVersion(c, version => h.DecidePartAsync(id, version, input, keys, ct));
            })
            .WithName("DecideReportPart").WithSummary("Disclose or withhold one part of the access report, with a reason; needs If-Match");
        requests.MapGet("/{id:guid}/report", async (Guid id, AccessReport report, HttpContext c, CancellationToken ct) =>
            {
                var result = await report.GenerateAsync(id, ct);
                return result.Ok
                    ? Results.File(AccessReport.Json(result.Value!), "application/json", $"access-report-{result.Value!.RecordReference}.json")
                    : result.Error!.ToProblem(c);
            })
            .WithName("AccessReportJson").WithSummary("The access report, machine-readable (JSON); generating it is logged");
        requests.MapGet("/{id:guid}/report.pdf", async (Guid id, AccessReport report, AccessReportPdf pdf, HttpContext c, CancellationToken ct) =>
            {
                var result = await report.GenerateAsync(id, ct);
                return result.Ok
                    ? Results.File(pdf.Render(result.Value!), "application/pdf", $"access-report-{result.Value!.RecordReference}.pdf")
                    : result.Error!.ToProblem(c);
            })
            .WithName("AccessReportPdf").WithSummary("The access report as PDF; generating it is logged");
        return app;
    }

    private static async Task<IResult> WithVersion(HttpContext c, Func<Guid, Task<Result<SubjectRequestItem>>> change)
    {
        if (!ETags.TryParse(c.Request.Headers.IfMatch, out var version))
        {
            return AppError.PreconditionRequired().ToProblem(c);
        }
        return ApiResults.Ok(await change(version), c, r => r.Version);
    }
}
