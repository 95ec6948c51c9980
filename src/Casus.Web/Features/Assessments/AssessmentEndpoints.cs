using Casus.Web.Features.Cases;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Assessments;

/// <summary>
/// Assessments under /api/v1/cases/{id}/assessments (members of the case with a role the profile allows), and the
/// administration of templates and certifications under /api/v1/admin.
/// </summary>
public static class AssessmentEndpoints
{
    public static WebApplication MapAssessmentsApi(this WebApplication app)
    {
        var cases = app.MapGroup("/api/v1/cases/{id:guid}/assessments").RequireAuthorization(CasePolicies.Member).WithTags("Assessments");
        cases.MapGet("", async (Guid id, AssessmentQueries h, HttpContext c, CancellationToken ct) =>
            {
                var result = await h.ListAsync(id, ct);
                // The newest assessment is the list's version: a new recording sends it back as If-Match.
                return ApiResults.Ok(result, c, r => r.Newest);
            })
            .WithName("ListAssessments").WithSummary("The case's assessments, newest first; the ETag is the newest assessment (send it as If-Match when recording)");
        cases.MapGet("/templates", async (Guid id, AssessmentQueries h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.FormAsync(id, ct), c, r => r.Newest))
            .WithName("AssessmentTemplatesForCase").WithSummary("The templates an assessment of this case can use, with their domains, items and scales");
        cases.MapPost("", async (Guid id, AssessmentInput input, RecordAssessment h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var newest)
                    ? ApiResults.Created(await h.HandleAsync(id, newest, input, ct), c, r => $"/api/v1/cases/{id}/assessments/{r.Id}", r => r.Id)
                    : AppError.PreconditionRequired().ToProblem(c))
            .WithName("RecordAssessment")
            .WithSummary("Record an assessment (once; a correction is a new one); needs If-Match with the list's ETag, refused when another was recorded since");
        cases.MapGet("/{assessmentId:guid}", async (Guid id, Guid assessmentId, AssessmentQueries h, HttpContext c, CancellationToken ct) =>
                Answer(await h.GetAsync(id, assessmentId, ct), c))
            .WithName("GetAssessment").WithSummary("One assessment: ratings per domain, notes, protective factors, judgement and rationale");
        cases.MapGet("/{assessmentId:guid}/comparison", async (Guid id, Guid assessmentId, AssessmentQueries h, HttpContext c, CancellationToken ct) =>
                Answer(await h.CompareAsync(id, assessmentId, ct), c))
            .WithName("CompareAssessment").WithSummary("This assessment against the previous one of the same template: changed ratings, protective factors gained and lost, judgement");

        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(Policies.SystemAdmin).WithTags("Administration");
        admin.MapGet("/assessment-templates", (TemplateAdmin h, CancellationToken ct) => h.ListAsync(true, ct))
            .WithName("ListAssessmentTemplates").WithSummary("Loaded assessment templates, every version, with how many assessments use each");
        admin.MapGet("/assessment-templates/{id:guid}", async (Guid id, TemplateAdmin h, HttpContext c, CancellationToken ct) =>
                ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Template.Version))
            .WithName("GetAssessmentTemplate").WithSummary("One template version with its definition; the ETag is its version");
        admin.MapPost("/assessment-templates", async (HttpRequest request, TemplateAdmin h, HttpContext c, CancellationToken ct) =>
            {
                // The body is the template document itself (docs/assessment-templates.md), checked by the same rules as an upload.
                using var reader = new StreamReader(request.Body);
                var json = await reader.ReadToEndAsync(ct);
                return ApiResults.Created(await h.LoadAsync(json, ct), c, r => $"/api/v1/admin/assessment-templates/{r.Id}", r => r.Version);
            })
            .Accepts<object>("application/json")
            .WithName("LoadAssessmentTemplate").WithSummary("Load a template document; a version already used by assessments cannot change (load a higher version)");
        admin.MapPost("/assessment-templates/{id:guid}/retire", async (Guid id, TemplateAdmin h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.RetireAsync(id, v, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("RetireAssessmentTemplate").WithSummary("Stop offering a template version for new assessments; needs If-Match");

        admin.MapGet("/assessor-certifications", (CertificationAdmin h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListAssessorCertifications").WithSummary("Assessors' certifications per template key, with their period and whether revoked");
        admin.MapPost("/assessor-certifications", async (CertificationInput input, CertificationAdmin h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.AddAsync(input, ct), c, r => $"/api/v1/admin/assessor-certifications/{r.Id}", r => r.Version))
            .WithName("AddAssessorCertification").WithSummary("Record that an assessor is certified for a template key, from a date until a date");
        admin.MapGet("/assessor-certifications/{id:guid}", async (Guid id, CertificationAdmin h, HttpContext c, CancellationToken ct) =>
                ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetAssessorCertification").WithSummary("One certification; the ETag is its version");
        admin.MapPost("/assessor-certifications/{id:guid}/revoke", async (Guid id, CertificationAdmin h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.RevokeAsync(id, v, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("RevokeAssessorCertification").WithSummary("Revoke a certification from now on; needs If-Match");
        return app;
    }

    private static IResult Answer<T>(Result<T> result, HttpContext c) => result.Ok ? TypedResults.Ok(result.Value) : result.Error!.ToProblem(c);
}

public static class AssessmentsSetup
{
    public static IServiceCollection AddAssessments(this IServiceCollection services) => services
        .AddScoped<AssessmentAccess>()
        .AddScoped<RecordAssessment>()
        .AddScoped<AssessmentQueries>()
        .AddScoped<TemplateAdmin>()
        .AddScoped<CertificationAdmin>();
}
