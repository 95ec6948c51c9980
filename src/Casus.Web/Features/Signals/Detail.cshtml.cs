using System.Globalization;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Signals;

/// <summary>
/// One signal: who it is about, the concern, and its history. The inbox of its municipality acts on it here (start
/// weighing, close with outcome and reason, reopen, note); the reporter sees what they reported and its status.
/// </summary>
[Authorize(Policy = SignalPolicies.Reporter)]
public sealed class DetailModel(SignalQueries queries, SignalActions actions, SignalLinking linking, Weighing.WeighingQueries weighing) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    /// <summary>The version the user saw; a stale one is refused with "changed by someone else".</summary>
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public SignalOutcome? Outcome { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>Which action form the reason belongs to, so an error shows at the right form.</summary>
    public string? FailedAction { get; private set; }
    public SignalDetail Signal { get; private set; } = null!;
    /// <summary>Linkage, for the inbox of the signal's municipality only.</summary>
    public LinkageView? Linkage { get; private set; }
    /// <summary>Weighing decisions that covered this signal, for the inbox of its municipality only.</summary>
    public IReadOnlyList<Weighing.SignalDecision> Decisions { get; private set; } = [];
    [BindProperty] public Guid CandidateId { get; set; }
    [BindProperty] public Guid MergeId { get; set; }
    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>Set when retention destroyed the signal: the page then shows only its reference and the date.</summary>
    public Retention.Tombstone? Tombstone { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct))
        {
            return Page();
        }
        Tombstone = await queries.TombstoneAsync(Id, ct);
        return Tombstone is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostStartWeighingAsync(CancellationToken ct) =>
        AfterAsync(actions.StartWeighingAsync(Id, Version, ct), "start", "Signal.WeighingStarted", ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) =>
        AfterAsync(actions.CloseAsync(Id, Version, new CloseSignalInput(Outcome, Reason), ct), "close", "Signal.Closed", ct);

    public Task<IActionResult> OnPostReopenAsync(CancellationToken ct) =>
        AfterAsync(actions.ReopenAsync(Id, Version, new ReasonInput(Reason), ct), "reopen", "Signal.Reopened", ct);

    public Task<IActionResult> OnPostNoteAsync(CancellationToken ct) =>
        AfterAsync(actions.AddNoteAsync(Id, Version, new ReasonInput(Reason), ct), "note", "Signal.NoteAdded", ct);

    public Task<IActionResult> OnPostReplyAsync(CancellationToken ct) =>
        AfterAsync(actions.ReplyToReporterAsync(Id, Version, new ReasonInput(Reason), ct), "reply", "Signal.ReplySent", ct);

    public async Task<IActionResult> OnPostConfirmLinkAsync(CancellationToken ct) =>
        await LinkAfterAsync((await linking.ConfirmAsync(Id, CandidateId, ct)).Error, "Linkage.Confirmed", ct);

    public async Task<IActionResult> OnPostRejectLinkAsync(CancellationToken ct) =>
        await LinkAfterAsync((await linking.RejectAsync(Id, CandidateId, ct)).Error, "Linkage.Rejected", ct);

    public async Task<IActionResult> OnPostUndoLinkAsync(CancellationToken ct) =>
        await LinkAfterAsync((await linking.UndoAsync(MergeId, ct)).Error, "Linkage.Undone", ct);

    private async Task<IActionResult> LinkAfterAsync(AppError? error, string doneKey, CancellationToken ct)
    {
        if (error is null)
        {
            TempData["Message"] = doneKey;
            return RedirectToPage(new { id = Id });
        }
        if (error.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(error);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<IActionResult> AfterAsync(Task<Result<RegisteredSignal>> action, string name, string doneKey, CancellationToken ct)
    {
        var result = await action;
        if (!result.Ok && result.Error!.Code != AppError.NotFound().Code)
        {
            FailedAction = name;
        }
        return await AfterSaveAsync(result, Id, doneKey, async () => await LoadAsync(ct) ? Page() : NotFound());
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var result = await queries.GetAsync(Id, ct);
        if (!result.Ok)
        {
            return false;
        }
        Signal = result.Value!;
        if (Signal.CanManage)
        {
            Linkage = (await linking.ViewAsync(Id, ct)).Value;
            Decisions = await weighing.ForSignalAsync(Id, ct);
        }
        return true;
    }
}
