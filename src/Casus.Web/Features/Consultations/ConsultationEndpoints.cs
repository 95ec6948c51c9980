using Casus.Web.Features.Cases;
using Casus.Web.Platform.Errors;

namespace Casus.Web.Features.Consultations;

/// <summary>
/// The consultations API under /api/v1/consultations: the same use cases as the pages. A meeting or item out of the
/// caller's reach answers 404; changes need If-Match with the meeting's version (its ETag); fixed minutes answer 409
/// to every change except an addendum.
/// </summary>
public static class ConsultationEndpoints
{
    public static WebApplication MapConsultationsApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/consultations").WithTags("Consultations");

        group.MapGet("", async (ConsultationQueries h, CancellationToken ct) => TypedResults.Ok(await h.ListAsync(ct)))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("ListConsultations").WithSummary("Consultations you run or are invited to, newest first");
        group.MapPost("", async (ScheduleInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.ScheduleAsync(input, ct), c, r => $"/api/v1/consultations/{r.Id}", r => r.Version))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("ScheduleConsultation").WithSummary("Schedule a consultation: municipality, date and time, place or online link, chair");
        group.MapGet("/{id:guid}", async (Guid id, ConsultationQueries h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("GetConsultation").WithSummary("One consultation with its agenda as you may see it and its invitees; the ETag is its version");
        group.MapPost("/{id:guid}/items", (Guid id, AgendaItemInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.AddItemAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("AddConsultationItem").WithSummary("Put a case you run on the agenda; needs If-Match");
        group.MapPost("/{id:guid}/invitees", (Guid id, InviteInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.InviteAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("InviteToConsultation").WithSummary("Invite a core partner to the meeting, or an occasional partner for one item; needs If-Match");
        group.MapPut("/{id:guid}/attendance", (Guid id, AttendanceInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.RecordAttendanceAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("RecordConsultationAttendance").WithSummary("Record whether an invitee attended; needs If-Match");
        group.MapPost("/{id:guid}/acknowledgement", async (Guid id, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                ApiResults.Ok(await h.AcknowledgeAsync(id, ct), c, r => r.Version))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("AcknowledgeConsultationConfidentiality").WithSummary("Acknowledge confidentiality for the meeting (recorded with the time); case items show after this");
        group.MapPost("/{id:guid}/fix", (Guid id, FixInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.FixAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("FixConsultationMinutes").WithSummary("Fix the minutes (confirm: true); afterwards only addenda; needs If-Match");
        group.MapGet("/{id:guid}/items/{itemId:guid}", async (Guid id, Guid itemId, ConsultationQueries h, HttpContext c, CancellationToken ct) =>
                ApiResults.Ok(await h.ItemAsync(id, itemId, ct), c, r => r.Version))
            .RequireAuthorization(CasePolicies.Member)
            .WithName("GetConsultationItem").WithSummary("The minutes of one agenda item: only for those who may see its case and acknowledged confidentiality");
        group.MapGet("/{id:guid}/items/{itemId:guid}/document", async (Guid id, Guid itemId, ConsultationQueries h, MinutesDocument pdf, HttpContext c, CancellationToken ct) =>
            {
                var minutes = await h.ItemAsync(id, itemId, ct);
                return minutes.Ok
                    ? Results.File(pdf.Render(minutes.Value!), "application/pdf", $"minutes-{minutes.Value!.CaseReference}-item-{minutes.Value.Number}.pdf")
                    : minutes.Error!.ToProblem(c);
            })
            .RequireAuthorization(CasePolicies.Member)
            .WithName("GetConsultationItemDocument").WithSummary("The minutes of one agenda item as a PDF in the caller's language, naming organisations, never staff");
        group.MapPut("/{id:guid}/items/{itemId:guid}/assessment", (Guid id, Guid itemId, DiscussedAssessmentInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.SetAssessmentAsync(id, v, itemId, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("SetConsultationItemAssessment").WithSummary("Link the assessment of the case that was discussed (or none); needs If-Match");
        group.MapPost("/{id:guid}/items/{itemId:guid}/entries", (Guid id, Guid itemId, EntryInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.AddEntryAsync(id, v, itemId, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("AddConsultationEntry").WithSummary("Add information, a decision or an action to the draft minutes, or an addendum to fixed minutes; needs If-Match");
        group.MapPut("/{id:guid}/items/{itemId:guid}/entries/{entryId:guid}", (Guid id, Guid itemId, Guid entryId, CorrectionInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.CorrectEntryAsync(id, v, itemId, entryId, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("CorrectConsultationEntry").WithSummary("Correct a line of draft minutes; fixed minutes answer 409; needs If-Match");
        group.MapPost("/{id:guid}/reschedule", (Guid id, RescheduleInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.RescheduleAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("RescheduleConsultation").WithSummary("Move a meeting that has not been held: new date and time, place or link, and the reason; needs If-Match");
        group.MapPost("/{id:guid}/cancel", (Guid id, CancelInput input, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.CancelAsync(id, v, input, ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("CancelConsultation").WithSummary("Cancel a meeting that has not been held (reason, confirm: true); needs If-Match");
        group.MapDelete("/{id:guid}/items/{itemId:guid}", (Guid id, Guid itemId, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.RemoveItemAsync(id, v, itemId, new RemoveInput(true), ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("RemoveConsultationItem").WithSummary("Take a case off the agenda before the meeting is held (with its occasional invitees); needs If-Match");
        group.MapDelete("/{id:guid}/invitees/{userId:guid}", (Guid id, Guid userId, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.RemoveInviteeAsync(id, v, userId, new RemoveInput(true), ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("RemoveConsultationInvitee").WithSummary("Withdraw an invitation before the meeting is held; the person no longer sees it; needs If-Match");
        group.MapDelete("/{id:guid}/items/{itemId:guid}/entries/{entryId:guid}", (Guid id, Guid itemId, Guid entryId, ConsultationActions h, HttpContext c, CancellationToken ct) =>
                WithVersion(c, v => h.RemoveEntryAsync(id, v, itemId, entryId, new RemoveInput(true), ct)))
            .RequireAuthorization(CasePolicies.Runner)
            .WithName("RemoveConsultationEntry").WithSummary("Remove a line of draft minutes; fixed minutes answer 409 (they only take addenda); needs If-Match");
        return app;
    }

    private static async Task<IResult> WithVersion(HttpContext c, Func<Guid, Task<Result<ConsultationChanged>>> action) =>
        ETags.TryParse(c.Request.Headers.IfMatch, out var version)
            ? ApiResults.Ok(await action(version), c, r => r.Version)
            : AppError.PreconditionRequired().ToProblem(c);
}

public static class ConsultationsSetup
{
    public static IServiceCollection AddConsultations(this IServiceCollection services)
    {
        services.AddScoped<ConsultationAccess>();
        services.AddScoped<ConsultationActions>();
        services.AddScoped<ConsultationQueries>();
        services.AddScoped<MinutesDocument>();
        return services;
    }
}
