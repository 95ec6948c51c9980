using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Cases;

/// <summary>
/// The cases API under /api/v1/cases: the same use cases as the pages. A case out of the caller's reach answers 404,
/// never 403, so its existence is not disclosed; changes need If-Match with the case's version (its ETag).
/// </summary>
public static class CaseEndpoints
{
    public static WebApplication MapCasesApi(this WebApplication app)
    {
        var cases = app.MapGroup("/api/v1/cases").WithTags("Cases");

        cases.MapGet("", (CaseQueries h, [AsParameters] CasePageQuery q, [AsParameters] CaseFilterQuery f, CancellationToken ct) =>
                h.ListAsync(new ListQuery(q.Page ?? 1, q.PageSize ?? 25, null, q.Sort), new CaseFilter(f.Stage, f.MunicipalityId), ct))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("ListCases").WithSummary("Cases you run or are an active member of; filter by stage and municipality, sort, paging (search: POST /search)");
        cases.MapPost("/search", (CaseSearch body, CaseQueries h, CancellationToken ct) =>
                h.ListAsync(new ListQuery(body.Page ?? 1, body.PageSize ?? 25, body.Search, body.Sort), new CaseFilter(body.Stage, body.MunicipalityId), ct))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("SearchCases").WithSummary("Cases searched by reference; the term travels in the body");
        cases.MapGet("/counts", async (CaseQueries h, CancellationToken ct) => TypedResults.Ok(await h.CountByStageAsync(ct)))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("CountCases").WithSummary("How many cases you may see, per stage");
        cases.MapGet("/{id:guid}", async (Guid id, CaseQueries h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("GetCase").WithSummary("One case with its members and timeline; the ETag header is its version");
        cases.MapPost("/{id:guid}/transitions", (Guid id, StageChangeInput input, CaseActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.ChangeStageAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("ChangeCaseStage").WithSummary("Move the case to another stage with a reason (closing: outcome; aftercare: end date); needs If-Match");
        cases.MapPost("/{id:guid}/close", (Guid id, CloseCaseInput input, CaseActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.CloseAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("CloseCase").WithSummary("Close the case with an outcome and a reason; needs If-Match");
        cases.MapPut("/{id:guid}/coordinator", (Guid id, CoordinatorInput input, CaseActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.ChangeCoordinatorAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("ChangeCaseCoordinator").WithSummary("Hand the case to another process coordinator serving its municipality; needs If-Match");
        cases.MapPost("/{id:guid}/members", (Guid id, MemberInput input, CaseActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.AddMemberAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("AddCaseMember").WithSummary("Add a member with purpose, legal basis and period (occasional partners: a limited period); needs If-Match");
        cases.MapPut("/{id:guid}/members/{membershipId:guid}", (Guid id, Guid membershipId, PeriodInput input, CaseActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.ChangeMemberPeriodAsync(id, v, membershipId, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("ChangeCaseMemberPeriod").WithSummary("Change a membership's period, with a reason; needs If-Match");
        cases.MapPost("/{id:guid}/members/{membershipId:guid}/end", (Guid id, Guid membershipId, EndMemberInput input, CaseActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.EndMemberAsync(id, v, membershipId, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("EndCaseMember").WithSummary("End a membership now, with a reason: access ends at once; needs If-Match");
        return app;
    }

    private static async Task<IResult> WithVersion(HttpContext c, Func<Guid, Task<Result<CaseChanged>>> action) =>
        ETags.TryParse(c.Request.Headers.IfMatch, out var version)
            ? ApiResults.Ok(await action(version), c, r => r.Version)
            : AppError.PreconditionRequired().ToProblem(c);
}

/// <summary>Paging and sort of the case list; a search term is not taken here (POST /search).</summary>
public sealed record CasePageQuery([FromQuery] int? Page, [FromQuery] int? PageSize, [FromQuery] string? Sort);

public sealed record CaseFilterQuery([FromQuery] CaseStage? Stage, [FromQuery] Guid? MunicipalityId);

public sealed record CaseSearch(string? Search, CaseStage? Stage = null, Guid? MunicipalityId = null, int? Page = null, int? PageSize = null, string? Sort = null);
