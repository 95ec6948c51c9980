using Casus.Web.Features.Privacy;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.SubjectRights;

/// <summary>
/// One request: its due date, the decision (with legal ground), lifting a restriction, and for an access request
/// the report's parts, each to disclose or withhold, with the PDF and JSON downloads.
/// </summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class RequestModel(SubjectRequests requests, AccessReport reports, AccessReportPdf pdf, IProcessingLogger log) : FormPageModel
{
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public SubjectRequestOutcome? Outcome { get; set; }
    [BindProperty] public string? LegalGround { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? LiftReason { get; set; }
    [BindProperty] public string? PartKey { get; set; }
    [BindProperty] public bool? Withhold { get; set; }
    [BindProperty] public string? PartReason { get; set; }

    public SubjectRequestItem Item { get; private set; } = null!;
    public AccessReportDocument? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await ShowAsync(id, ct);

    public async Task<IActionResult> OnPostDecideAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await requests.DecideAsync(id, Version, new DecisionInput(Outcome, LegalGround, Note), ct), id, "SubjectRights.Decided", ct);

    public async Task<IActionResult> OnPostLiftAsync(Guid id, CancellationToken ct)
    {
        var result = await requests.LiftAsync(id, Version, new LiftInput(LiftReason), ct);
        if (!result.Ok && result.Error!.Fields is { } fields && fields.ContainsKey("Reason"))
        {
            // The lift form's field is "LiftReason" on the page.
            result = Platform.Errors.AppError.Validation(new Dictionary<string, string[]> { ["LiftReason"] = fields["Reason"] });
        }
        return await AfterAsync(result, id, "SubjectRights.Lifted", ct);
    }

    public async Task<IActionResult> OnPostPartAsync(Guid id, CancellationToken ct)
    {
        var built = await reports.BuildAsync(id, ct);
        if (!built.Ok)
        {
            Platform.Errors.Result<SubjectRequestItem> failed = built.Error!;
            return await AfterAsync(failed, id, "", ct);
        }
        var keys = built.Value!.Parts.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var result = await requests.DecidePartAsync(id, Version, new PartDecisionInput(PartKey, Withhold, PartReason), keys, ct);
        if (!result.Ok && result.Error!.Fields is { } fields && fields.ContainsKey("Reason"))
        {
            result = Platform.Errors.AppError.Validation(new Dictionary<string, string[]> { ["PartReason"] = fields["Reason"] });
        }
        return await AfterAsync(result, id, "SubjectRights.PartDecided", ct);
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct)
    {
        var result = await reports.GenerateAsync(id, ct);
        return result.Ok ? File(pdf.Render(result.Value!), "application/pdf", $"access-report-{result.Value!.RecordReference}.pdf") : NotFoundOr(result.Error!);
    }

    public async Task<IActionResult> OnGetJsonAsync(Guid id, CancellationToken ct)
    {
        var result = await reports.GenerateAsync(id, ct);
        return result.Ok ? File(AccessReport.Json(result.Value!), "application/json", $"access-report-{result.Value!.RecordReference}.json") : NotFoundOr(result.Error!);
    }

    private IActionResult NotFoundOr(Platform.Errors.AppError error) => error.Status == StatusCodes.Status404NotFound ? NotFound() : StatusCode(error.Status);

    private async Task<IActionResult> AfterAsync(Platform.Errors.Result<SubjectRequestItem> result, Guid id, string doneKey, CancellationToken ct)
    {
        if (result.Ok)
        {
            TempData["Message"] = doneKey;
            return Redirect($"/privacy/requests/{id}");
        }
        if (result.Error!.Code == Platform.Errors.AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        return await ShowAsync(id, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        var found = await requests.GetAsync(id, ct);
        if (!found.Ok)
        {
            return NotFound();
        }
        Item = found.Value!;
        if (Item.Kind == SubjectRequestKind.Access)
        {
            Report = (await reports.BuildAsync(id, ct)).Value;
            await log.RecordReadAsync(SubjectRightsActivities.SubjectRights, "read", [SignalActivities.Subject(Item.PersonId)], ct);
        }
        return Page();
    }
}
