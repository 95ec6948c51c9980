using Casus.Web.Platform.Errors;

namespace Casus.Web.Features.Privacy;

/// <summary>The privacy officer's API under /api/v1/privacy: the log search and export, verification and flags.</summary>
public static class PrivacyEndpoints
{
    public static WebApplication MapPrivacyApi(this WebApplication app)
    {
        var privacy = app.MapGroup("/api/v1/privacy").WithTags("Privacy").RequireAuthorization(PrivacyPolicies.Officer);

        privacy.MapPost("/log/search", async (LogSearch body, ProcessingLogSearch h, HttpContext c, CancellationToken ct) =>
            {
                var result = await h.SearchAsync(body, ct);
                return result.Ok ? Results.Ok(result.Value) : result.Error!.ToProblem(c);
            })
            .WithName("SearchProcessingLog").WithSummary("Search the processing log of your region; the criteria travel in the body, never in the address");
        privacy.MapPost("/log/export/{format}", async (string format, LogSearch body, ProcessingLogSearch h, HttpContext c, CancellationToken ct) =>
            {
                var result = await h.ExportAsync(body, format, ct);
                return result.Ok ? Results.File(result.Value!.Content, result.Value.ContentType, result.Value.FileName) : result.Error!.ToProblem(c);
            })
            .WithName("ExportProcessingLog").WithSummary("Export a search as csv or as json (Logboek Dataverwerkingen shape, see docs/processing-log.md)");
        privacy.MapGet("/verifications/latest", async (LogVerifications h, CancellationToken ct) =>
                await h.LatestAsync(ct) is { } v ? Results.Ok(v) : Results.NoContent())
            .WithName("LatestLogVerification").WithSummary("The last verification of the log's hash chains");
        privacy.MapPost("/verifications", async (LogVerifications h, CancellationToken ct) => Results.Ok(await h.VerifyNowAsync(ct)))
            .WithName("VerifyLog").WithSummary("Verify the log's hash chains now");
        privacy.MapGet("/flags", (AccessReview h, AccessFlagStatus? status, int? page, int? pageSize, CancellationToken ct) =>
                h.ListAsync(status, new ListQuery(page ?? 1, pageSize ?? 25), ct))
            .WithName("ListAccessFlags").WithSummary("Unusual access flagged for review, of users of your region");
        privacy.MapPost("/flags/{id:guid}/review", async (Guid id, FlagReviewInput input, AccessReview h, HttpContext c, CancellationToken ct) =>
            {
                if (!ETags.TryParse(c.Request.Headers.IfMatch, out var version))
                {
                    return AppError.PreconditionRequired().ToProblem(c);
                }
                return ApiResults.Ok(await h.ReviewAsync(id, version, input, ct), c, f => f.Version);
            })
            .WithName("ReviewAccessFlag").WithSummary("Record whether flagged access was justified, with a note; needs If-Match");
        return app;
    }
}
