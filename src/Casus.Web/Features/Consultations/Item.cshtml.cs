using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Consultations;

/// <summary>
/// The minutes of one agenda item: information brought in (organisation, legal basis), the assessment discussed,
/// decisions (how decided, as the profile requires) and follow-up actions. Only for those who may see the case and
/// acknowledged confidentiality; the runners write while the minutes are a draft and add addenda once they are fixed.
/// </summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class ItemModel(ConsultationQueries queries, ConsultationActions actions, CasusDbContext db, MinutesDocument document) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public Guid ItemId { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public MinutesEntryKind? Kind { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public Guid? OrganisationId { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }
    [BindProperty] public bool Confirmed { get; set; }
    [BindProperty] public Guid? OwnerUserId { get; set; }
    [BindProperty] public DateOnly? Deadline { get; set; }
    [BindProperty] public Guid? EntryId { get; set; }
    [BindProperty] public Guid? AssessmentId { get; set; }
    [BindProperty] public bool Confirm { get; set; }
    public string? FailedAction { get; private set; }
    public ItemMinutes Item { get; private set; } = null!;
    public bool NeedsAcknowledgement { get; private set; }
    public IReadOnlyList<Choice> Organisations { get; private set; } = [];
    public IReadOnlyList<Choice> Owners { get; private set; } = [];
    public IReadOnlyList<Choice> Assessments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The minutes of this item as a PDF document in the reader's language.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(CancellationToken ct)
    {
        var minutes = await queries.ItemAsync(Id, ItemId, ct);
        if (!minutes.Ok)
        {
            return minutes.Error!.Code == ConsultationActions.AcknowledgeFirst().Code ? Redirect($"/consultations/{Id}") : NotFound();
        }
        return File(document.Render(minutes.Value!), "application/pdf", $"minutes-{minutes.Value!.CaseReference}-item-{minutes.Value.Number}.pdf");
    }

    public async Task<IActionResult> OnPostEntryAsync(CancellationToken ct) =>
        await AfterAsync(await actions.AddEntryAsync(Id, Version, ItemId, new EntryInput(Kind, Text, OrganisationId, LegalBasis, Confirmed, OwnerUserId, Deadline), ct),
            "entry-" + Kind, ct);

    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct) =>
        await AfterAsync(await actions.CorrectEntryAsync(Id, Version, ItemId, EntryId ?? Guid.Empty, new CorrectionInput(Text), ct), "correct-" + EntryId, ct);

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        await AfterAsync(await actions.RemoveEntryAsync(Id, Version, ItemId, EntryId ?? Guid.Empty, new RemoveInput(Confirm), ct), "remove-" + EntryId, ct,
            "Consultation.EntryRemoved");

    public async Task<IActionResult> OnPostAssessmentAsync(CancellationToken ct) =>
        await AfterAsync(await actions.SetAssessmentAsync(Id, Version, ItemId, new DiscussedAssessmentInput(AssessmentId), ct), "assessment", ct);

    private async Task<IActionResult> AfterAsync(Result<ConsultationChanged> result, string name, CancellationToken ct, string doneKey = "Consultation.MinutesSaved")
    {
        if (result.Ok)
        {
            TempData["Message"] = doneKey;
            return Redirect($"/consultations/{Id}/items/{ItemId}");
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        FailedAction = name;
        ShowError(result.Error);
        return await LoadAsync(ct);
    }

    public string? Typed(string action) => FailedAction == action ? Text : null;

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var result = await queries.ItemAsync(Id, ItemId, ct);
        if (!result.Ok)
        {
            if (result.Error!.Code == ConsultationActions.AcknowledgeFirst().Code)
            {
                // Visible, but not before confidentiality is acknowledged on the meeting page.
                return Redirect($"/consultations/{Id}");
            }
            return NotFound();
        }
        Item = result.Value!;
        if (Item.CanRun)
        {
            Organisations = await db.Organisations.Where(o => o.IsActive).OrderBy(o => o.Name).Select(o => new Choice(o.Id.ToString(), o.Name, null)).ToListAsync(ct);
            var invited = db.Set<ConsultationInvitee>().Where(i => i.ConsultationId == Id).Select(i => i.UserId);
            var meeting = db.Set<Consultation>().Where(c => c.Id == Id);
            var runners = meeting.Select(c => c.ChairUserId).Concat(meeting.Select(c => c.CreatedByUserId));
            Owners = await db.Users.Where(u => u.IsActive && (invited.Contains(u.Id) || runners.Contains(u.Id))).OrderBy(u => u.DisplayName)
                .Select(u => new Choice(u.Id.ToString(), u.DisplayName + " (" + u.Organisation!.Name + ")", null)).ToListAsync(ct);
            Assessments = (await queries.AssessmentsOfAsync(Item.CaseId, ct))
                .Select(a => new Choice(a.Id.ToString(), $"{a.At.ToLocalTime():d} — {a.Template}")).ToList();
        }
        return Page();
    }
}
