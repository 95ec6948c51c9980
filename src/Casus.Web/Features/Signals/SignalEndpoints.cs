using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Signals;

/// <summary>The signals API under /api/v1/signals: the same use cases as the pages, for partner systems and scripts.</summary>
public static class SignalEndpoints
{
    public static WebApplication MapSignalsApi(this WebApplication app)
    {
        var signals = app.MapGroup("/api/v1/signals").WithTags("Signals");

        signals.MapPost("", async (SignalInput input, RegisterSignal h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.HandleAsync(input, ct), c, r => $"/api/v1/signals/{r.Id}", r => r.Version))
            .RequireAuthorization(SignalPolicies.Submit)
            .WithName("RegisterSignal").WithSummary("Register a signal about a person; identifying data is encrypted at rest");
        signals.MapGet("/mine", (SignalQueries h, [AsParameters] ListQuery q, CancellationToken ct) => h.MineAsync(q, ct))
            .RequireAuthorization(SignalPolicies.Reporter)
            .WithName("ListMySignals").WithSummary("The signals you reported, with their status");
        signals.MapGet("", (SignalQueries h, [AsParameters] InboxPageQuery q, [AsParameters] InboxFilterQuery f, CancellationToken ct) =>
                h.InboxAsync(new ListQuery(q.Page ?? 1, q.PageSize ?? 25, null, q.Sort), f.ToFilter(), ct))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("ListSignals").WithSummary("The inbox: signals of the municipalities your organisation serves; filters, sort, paging (search: POST /search)");
        signals.MapPost("/search", (InboxSearch body, SignalQueries h, CancellationToken ct) =>
                h.InboxAsync(new ListQuery(body.Page ?? 1, body.PageSize ?? 25, body.Search, body.Sort),
                    new InboxFilter(body.Status, body.Phenomenon, body.MunicipalityId, body.ReporterOrganisationId, body.Urgency, body.From, body.To), ct))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("SearchSignals").WithSummary("The inbox searched by name, reference or text; the term travels in the body, never in the address");
        signals.MapGet("/{id:guid}", async (Guid id, SignalQueries h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .RequireAuthorization(SignalPolicies.Reporter)
            .WithName("GetSignal").WithSummary("One signal with its history; the ETag header is its version");
        signals.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, SignalAttachments h, HttpContext c, CancellationToken ct) =>
            {
                var result = await h.DownloadAsync(id, attachmentId, ct);
                // Always a download, never shown inline: a file from outside is never rendered or run in Casus's origin.
                return result.Ok
                    ? Results.File(result.Value.Bytes, "application/octet-stream", result.Value.FileName)
                    : result.Error!.ToProblem(c);
            })
            .RequireAuthorization(SignalPolicies.Reporter)
            .WithName("DownloadSignalAttachment").WithSummary("Download a file that came with a signal (always as an attachment)");
        signals.MapPost("/{id:guid}/start-weighing", (Guid id, SignalActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.StartWeighingAsync(id, v, ct)))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("StartWeighing").WithSummary("Move a new signal to weighing; needs If-Match");
        signals.MapPost("/{id:guid}/close", (Guid id, CloseSignalInput input, SignalActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.CloseAsync(id, v, input, ct)))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("CloseSignal").WithSummary("Close a signal with an outcome and a reason; needs If-Match");
        signals.MapPost("/{id:guid}/reopen", (Guid id, ReasonInput input, SignalActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.ReopenAsync(id, v, input, ct)))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("ReopenSignal").WithSummary("Reopen a closed signal for weighing, with a reason; needs If-Match");
        signals.MapPost("/{id:guid}/notes", (Guid id, ReasonInput input, SignalActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.AddNoteAsync(id, v, input, ct)))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("AddSignalNote").WithSummary("Add a note to a signal's history; needs If-Match");
        signals.MapPost("/{id:guid}/replies", (Guid id, ReasonInput input, SignalActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.ReplyToReporterAsync(id, v, input, ct)))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("ReplyToReporter").WithSummary("Reply to a member of the public who reported anonymously; needs If-Match");
        signals.MapGet("/{id:guid}/linkage", async (Guid id, SignalLinking h, HttpContext c, CancellationToken ct) =>
                Answer(await h.ViewAsync(id, ct), c, TypedResults.Ok))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("GetSignalLinkage").WithSummary("Known from which signals, possible matches among signals already in Casus (score and reasons), confirmed links");
        signals.MapPost("/{id:guid}/links/{candidateId:guid}", async (Guid id, Guid candidateId, SignalLinking h, HttpContext c, CancellationToken ct) =>
                Answer(await h.ConfirmAsync(id, candidateId, ct), c, TypedResults.Ok))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("ConfirmLink").WithSummary("Confirm that two signals concern the same person (reversible)");
        signals.MapPost("/{id:guid}/rejections/{candidateId:guid}", async (Guid id, Guid candidateId, SignalLinking h, HttpContext c, CancellationToken ct) =>
                Answer(await h.RejectAsync(id, candidateId, ct), c, _ => TypedResults.NoContent()))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("RejectLink").WithSummary("Not the same person: the candidate is not proposed again");
        signals.MapPost("/links/{mergeId:guid}/undo", async (Guid mergeId, SignalLinking h, HttpContext c, CancellationToken ct) =>
                Answer(await h.UndoAsync(mergeId, ct), c, _ => TypedResults.NoContent()))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("UndoLink").WithSummary("Undo a confirmed link: the signals that moved go back");
        signals.MapPut("/{id:guid}/subject", (Guid id, CorrectSubjectInput input, SignalActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.CorrectAsync(id, v, input.Subject ?? new SignalInput(), input.Reason, ct)))
            .RequireAuthorization(SignalPolicies.Inbox)
            .WithName("CorrectSignalSubject").WithSummary("Correct the person's details; the earlier values stay in the history; needs If-Match");
        return app;
    }

    private static IResult Answer<T>(Result<T> result, HttpContext c, Func<T, IResult> ok) => result.Ok ? ok(result.Value!) : result.Error!.ToProblem(c);

    private static async Task<IResult> WithVersion(HttpContext c, Func<Guid, Task<Result<RegisteredSignal>>> action) =>
        ETags.TryParse(c.Request.Headers.IfMatch, out var version)
            ? ApiResults.Ok(await action(version), c, r => r.Version)
            : AppError.PreconditionRequired().ToProblem(c);
}

public sealed record CorrectSubjectInput(SignalInput? Subject, string? Reason);

/// <summary>Paging and sort of the inbox list; a search term is not taken here (it would put a name in the address).</summary>
public sealed record InboxPageQuery([FromQuery] int? Page, [FromQuery] int? PageSize, [FromQuery] string? Sort);

/// <summary>An inbox search: the term and the filters in the request body.</summary>
public sealed record InboxSearch(string? Search, SignalStatus? Status = null, Phenomenon? Phenomenon = null, Guid? MunicipalityId = null,
    Guid? ReporterOrganisationId = null, SignalUrgency? Urgency = null, DateOnly? From = null, DateOnly? To = null,
    int? Page = null, int? PageSize = null, string? Sort = null);

/// <summary>The inbox filters as query parameters.</summary>
public sealed record InboxFilterQuery([FromQuery] SignalStatus? Status, [FromQuery] Phenomenon? Phenomenon, [FromQuery] Guid? MunicipalityId,
    [FromQuery] Guid? ReporterOrganisationId, [FromQuery] SignalUrgency? Urgency, [FromQuery] DateOnly? From, [FromQuery] DateOnly? To)
{
    public InboxFilter ToFilter() => new(Status, Phenomenon, MunicipalityId, ReporterOrganisationId, Urgency, From, To);
}
