using Casus.Web.Features.Cases;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Evaluations;

/// <summary>
/// The evaluation of a case under /api/v1/cases/{id}/evaluation, and the region's lessons learned under
/// /api/v1/evaluations. A case out of the caller's reach (not one they run) answers 404; changing a recorded evaluation
/// needs If-Match with its version (its ETag), the first recording goes without.
/// </summary>
public static class EvaluationEndpoints
{
    public static WebApplication MapEvaluationsApi(this WebApplication app)
    {
        var evaluation = app.MapGroup("/api/v1/cases/{id:guid}/evaluation").WithTags("Evaluations");
        evaluation.MapGet("", async Task<IResult> (Guid id, EvaluationActions h, HttpContext c, CancellationToken ct) =>
            {
                var result = await h.GetAsync(id, ct);
                if (!result.Ok)
                {
                    return result.Error!.ToProblem(c);
                }
                if (result.Value!.Version is { } version)
                {
                    c.Response.Headers.ETag = ETags.For(version);
                }
                return TypedResults.Ok(result.Value);
            })
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("GetCaseEvaluation").WithSummary("The case's evaluation: the figures it stores and its lessons; the ETag header is its version once recorded");
        evaluation.MapPut("", async Task<IResult> (Guid id, EvaluationInput input, EvaluationActions h, HttpContext c, CancellationToken ct) =>
            {
                Guid? version = null;
                if (!string.IsNullOrEmpty(c.Request.Headers.IfMatch))
                {
                    if (!ETags.TryParse(c.Request.Headers.IfMatch, out var parsed))
                    {
                        return AppError.Conflict().ToProblem(c);
                    }
                    version = parsed;
                }
                return ApiResults.Ok(await h.RecordAsync(id, version, input, ct), c, r => r.Version);
            })
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("RecordCaseEvaluation").WithSummary("Record the evaluation of a closed case (no If-Match the first time) or change it (If-Match); texts with personal data are refused");

        var lessons = app.MapGroup("/api/v1/evaluations").WithTags("Evaluations");
        lessons.MapGet("", (EvaluationQueries h, [AsParameters] LessonPageQuery q, CancellationToken ct) =>
                h.ListAsync(new ListQuery(q.Page ?? 1, q.PageSize ?? 25, null, q.Sort), new LessonFilter(q.Outcome), ct))
            .RequireAuthorization(EvaluationPolicies.Read)
            .WithName("ListLessonsLearned").WithSummary("The region's case evaluations without case, person or staff; filter by outcome, sort, paging (search: POST /search)");
        lessons.MapPost("/search", (LessonSearch body, EvaluationQueries h, CancellationToken ct) =>
                h.ListAsync(new ListQuery(body.Page ?? 1, body.PageSize ?? 25, body.Search, body.Sort), new LessonFilter(body.Outcome), ct))
            .RequireAuthorization(EvaluationPolicies.Read)
            .WithName("SearchLessonsLearned").WithSummary("The region's case evaluations searched in the lessons' words; the term travels in the body");
        return app;
    }
}

/// <summary>Paging, sort and outcome of the lessons list; a search term is not taken here (POST /search).</summary>
public sealed record LessonPageQuery([FromQuery] int? Page, [FromQuery] int? PageSize, [FromQuery] string? Sort, [FromQuery] Cases.CaseOutcome? Outcome);

public sealed record LessonSearch(string? Search, Cases.CaseOutcome? Outcome = null, int? Page = null, int? PageSize = null, string? Sort = null);

public static class EvaluationsSetup
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddScoped<EvaluationActions>();
        services.AddScoped<EvaluationQueries>();
        services.AddAuthorizationBuilder()
            .AddPolicy(EvaluationPolicies.Read, p => p.RequireAuthenticatedUser().RequireRole(EvaluationPolicies.ReaderRoles));
        return services;
    }
}

/// <summary>Who may read the region's lessons learned: those who run cases and the regional coordinator.</summary>
public static class EvaluationPolicies
{
    public const string Read = "evaluations-read";

    public static readonly string[] ReaderRoles = [Roles.ProcessCoordinator, Roles.CaseDirector, Roles.RegionalCoordinator];
}
