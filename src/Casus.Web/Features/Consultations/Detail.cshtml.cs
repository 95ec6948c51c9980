using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Consultations;

/// <summary>
/// One consultation: when and where, the chair, the agenda as this user may see it, the invitees with attendance and
/// acknowledgement. Everyone who sees the meeting acknowledges confidentiality here before case items show; the runners
/// of the municipality put cases on the agenda, invite partners, record attendance and fix the minutes.
/// </summary>
[Authorize(Policy = CasePolicies.Member)]
public sealed class DetailModel(ConsultationQueries queries, ConsultationActions actions, CaseAccess cases, CasusDbContext db) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public Guid? CaseId { get; set; }
    [BindProperty] public Guid? UserId { get; set; }
    [BindProperty] public Guid? ItemId { get; set; }
    [BindProperty] public bool? Attended { get; set; }
    [BindProperty] public bool Confirm { get; set; }
    [BindProperty] public DateTime? StartsAt { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? OnlineLink { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public string? FailedAction { get; private set; }
    public ConsultationDetail Meeting { get; private set; } = null!;
    public IReadOnlyList<Choice> CaseChoices { get; private set; } = [];
    public IReadOnlyList<Choice> InviteeChoices { get; private set; } = [];
    public IReadOnlyList<Choice> ItemChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken ct)
    {
        var result = await actions.AcknowledgeAsync(Id, ct);
        return await AfterAsync(result, "acknowledge", "Consultation.Acknowledged", ct);
    }

    public async Task<IActionResult> OnPostAddItemAsync(CancellationToken ct) =>
        await AfterAsync(await actions.AddItemAsync(Id, Version, new AgendaItemInput(CaseId), ct), "item", "Consultation.ItemAdded", ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct) =>
        await AfterAsync(await actions.InviteAsync(Id, Version, new InviteInput(UserId, ItemId), ct), "invite", "Consultation.Invited", ct);

    public async Task<IActionResult> OnPostAttendanceAsync(CancellationToken ct) =>
        await AfterAsync(await actions.RecordAttendanceAsync(Id, Version, new AttendanceInput(UserId, Attended), ct), "attendance", "Consultation.AttendanceRecorded", ct);

    public async Task<IActionResult> OnPostFixAsync(CancellationToken ct) =>
        await AfterAsync(await actions.FixAsync(Id, Version, new FixInput(Confirm), ct), "fix", "Consultation.Fixed", ct);

    public async Task<IActionResult> OnPostRescheduleAsync(CancellationToken ct)
    {
        // The form's date and time are the wall clock of the server's time zone, as the pages show times.
        DateTimeOffset? startsAt = StartsAt is { } local ? new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local)) : null;
        return await AfterAsync(await actions.RescheduleAsync(Id, Version, new RescheduleInput(startsAt, Place, OnlineLink, Reason), ct),
            "reschedule", "Consultation.Rescheduled", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        await AfterAsync(await actions.CancelAsync(Id, Version, new CancelInput(Reason, Confirm), ct), "cancel", "Consultation.Cancelled", ct);

    public async Task<IActionResult> OnPostRemoveItemAsync(CancellationToken ct) =>
        await AfterAsync(await actions.RemoveItemAsync(Id, Version, ItemId ?? Guid.Empty, new RemoveInput(Confirm), ct),
            "remove-item-" + ItemId, "Consultation.ItemRemoved", ct);

    public async Task<IActionResult> OnPostRemoveInviteeAsync(CancellationToken ct) =>
        await AfterAsync(await actions.RemoveInviteeAsync(Id, Version, UserId ?? Guid.Empty, new RemoveInput(Confirm), ct),
            "remove-invitee-" + UserId, "Consultation.InviteeRemoved", ct);

    private async Task<IActionResult> AfterAsync(Result<ConsultationChanged> result, string name, string doneKey, CancellationToken ct)
    {
        if (result.Ok)
        {
            TempData["Message"] = doneKey;
            return Redirect($"/consultations/{Id}");
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        FailedAction = name;
        ShowError(result.Error);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var result = await queries.GetAsync(Id, ct);
        if (!result.Ok)
        {
            return false;
        }
        Meeting = result.Value!;
        if (Meeting.CanRun && Meeting.MinutesStatus == MinutesStatus.Draft && Meeting.CancelledAt is null)
        {
            var onAgenda = db.Set<ConsultationItem>().Where(i => i.ConsultationId == Id).Select(i => i.CaseId);
            CaseChoices = (await cases.Run().Where(c => c.MunicipalityId == Meeting.MunicipalityId && !onAgenda.Contains(c.Id)
                    && c.Stage != CaseStage.Closed && c.Stage != CaseStage.Aftercare)
                .OrderBy(c => c.Reference).Select(c => new { c.Id, c.Reference }).ToListAsync(ct))
                .Select(c => new Choice(c.Id.ToString(), c.Reference)).ToList();
            var invited = Meeting.Invitees.Select(i => i.UserId).ToList();
            InviteeChoices = (await actions.InviteeCandidates(Meeting.MunicipalityId).Where(u => !invited.Contains(u.Id))
                    .OrderBy(u => u.Organisation!.Name).ThenBy(u => u.DisplayName)
                    .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation!.Name }).ToListAsync(ct))
                .Select(u => new Choice(u.Id.ToString(), $"{u.DisplayName} ({u.Organisation})")).ToList();
            ItemChoices = Meeting.Items.Select(i => new Choice(i.Id.ToString(), ItemLabel(i))).ToList();
        }
        return true;
    }

    /// <summary>"Item 2: C26-K7MQ2X" when this user may see the case, otherwise "Item 2: case on the agenda".</summary>
    public string ItemLabel(AgendaItemView item)
    {
        var localizer = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Platform.Localization.SharedResource>>();
        return item.Visible ? localizer["Consultation.ItemWithCase", item.Number, item.CaseReference!] : localizer["Consultation.ItemHidden", item.Number];
    }
}
