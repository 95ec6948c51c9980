using Casus.Web.Features.Signals;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Weighing;

/// <summary>The weighing API under /api/v1/weighing: the same use cases as the pages. Everything is for the inbox of the municipality.</summary>
public static class WeighingEndpoints
{
    public static WebApplication MapWeighingApi(this WebApplication app)
    {
        var weighing = app.MapGroup("/api/v1/weighing").WithTags("Weighing").RequireAuthorization(SignalPolicies.Inbox);

        weighing.MapGet("/profile", (WeighingQueries h) => TypedResults.Ok(h.Profile()))
            .WithName("GetWeighingProfile").WithSummary("Who weighs, the outcomes, whether four eyes are needed, and the current criteria checklist");
        weighing.MapPost("/signals/{id:guid}/decisions", async (Guid id, DecisionInput input, WeighingActions h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var version)
                    ? ApiResults.Created(await h.DecideAsync(id, version, input, ct), c, r => $"/api/v1/weighing/decisions/{r.Id}", r => r.Version)
                    : AppError.PreconditionRequired().ToProblem(c))
            .WithName("DecideOnSignal").WithSummary("Record a weighing decision on a signal and the person's other open signals; If-Match is the signal's ETag");
        weighing.MapGet("/decisions/{id:guid}", async (Guid id, WeighingQueries h, HttpContext c, CancellationToken ct) =>
                ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetWeighingDecision").WithSummary("One weighing decision; the ETag header is its version");
        weighing.MapPost("/decisions/{id:guid}/approve", (Guid id, WeighingActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.ApproveAsync(id, v, ct)))
            .WithName("ApproveWeighingDecision").WithSummary("Approve a decision someone else took (four eyes): it takes effect; needs If-Match");
        weighing.MapPost("/decisions/{id:guid}/reject", (Guid id, ReasonInput input, WeighingActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.RejectAsync(id, v, input, ct)))
            .WithName("RejectWeighingDecision").WithSummary("Reject a decision someone else took, with a reason; the signals stay as they are; needs If-Match");
        weighing.MapGet("/decisions", (WeighingQueries h, [AsParameters] DecisionPageQuery q, CancellationToken ct) =>
                h.ListAsync(DecisionList.Recent, q.ToQuery(), ct))
            .WithName("ListWeighingDecisions").WithSummary("Weighing decisions of your municipalities, newest first");
        weighing.MapGet("/pending", (WeighingQueries h, [AsParameters] DecisionPageQuery q, CancellationToken ct) =>
                h.ListAsync(DecisionList.Pending, q.ToQuery(), ct))
            .WithName("ListPendingWeighingDecisions").WithSummary("Decisions awaiting a second person's approval");
        weighing.MapGet("/due", (WeighingQueries h, [AsParameters] DecisionPageQuery q, CancellationToken ct) =>
                h.ListAsync(DecisionList.Due, q.ToQuery(), ct))
            .WithName("ListDueObservations").WithSummary("Observation periods that have ended: decide again");
        return app;
    }

    private static async Task<IResult> WithVersion(HttpContext c, Func<Guid, Task<Result<RecordedDecision>>> action) =>
        ETags.TryParse(c.Request.Headers.IfMatch, out var version)
            ? ApiResults.Ok(await action(version), c, r => r.Version)
            : AppError.PreconditionRequired().ToProblem(c);
}

/// <summary>Paging of the weighing lists.</summary>
public sealed record DecisionPageQuery([FromQuery] int? Page, [FromQuery] int? PageSize)
{
    public ListQuery ToQuery() => new(Page ?? 1, PageSize ?? 25);
}
