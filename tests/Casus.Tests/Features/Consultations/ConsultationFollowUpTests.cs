using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.ActionPlans;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.ActionPlans;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Consultations;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Consultations;

/// <summary>
/// Follow-up actions of the minutes become tasks of the case's action plan (and so the owner's open work); a meeting
/// that has not been held is moved or cancelled, and agenda items, invitees and draft minute lines are removed.
/// </summary>
public sealed class ConsultationFollowUpTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Meeting(Guid Id, Guid ItemId, CaseBuilder.OpenedCase Case);

    /// <summary>A meeting with one case (the police a member and invited), acknowledged by the coordinator.</summary>
    private async Task<Meeting> MeetingAsync(CasusClient coordinator, string surname, CaseBuilder.OpenedCase? opened = null, string municipality = "Lindendal")
    {
        var police = await app.UserIdAsync("police@casus.demo");
        if (opened is null)
        {
            opened = await app.OpenCaseAsync("Ilse", surname, municipality);
            await coordinator.AddMemberAsync(opened.Id, police, app.Today(), null);
        }
        var meeting = await coordinator.ScheduleAsync(app, municipality);
        var item = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, "/items", new AgendaItemInput(opened.Id)));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, "/invitees", new InviteInput(police, null)));
        await coordinator.AcknowledgeAsync(meeting.Id);
        return new Meeting(meeting.Id, item, opened);
    }

    private async Task<Guid> FollowUpActionAsync(CasusClient coordinator, Meeting m, string text) =>
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.ItemId}/entries",
            new EntryInput(MinutesEntryKind.Action, text, OwnerUserId: await app.UserIdAsync("police@casus.demo"), Deadline: app.Today().AddDays(14))));

    private async Task<FollowUpInput> FollowUpAsync(CasusClient coordinator, Guid caseId, Guid entryId, Guid? goalId = null)
    {
        var choices = await coordinator.ChoicesAsync(caseId);
        var police = choices.Organisations.Single(o => o.Name.StartsWith("Politie", StringComparison.Ordinal));
        var intervention = choices.Interventions.Single(i => i.Name == "Mentoraat");
        return new FollowUpInput(entryId, goalId, goalId is null ? LifeDomain.Safety : null, goalId is null ? "Veilig blijven in de wijk." : null,
            intervention.Id, police.Id, app.Today(), app.Today().AddDays(14));
    }

    private static async Task<HttpResponseMessage> PostFollowUpAsync(CasusClient client, Guid caseId, FollowUpInput input, Guid? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{caseId}/plan/follow-ups") { Content = JsonContent.Create(input, options: SignalBuilder.Json) };
        if (version is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v:N}\"");
        }
        return await client.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> DeleteAsync(CasusClient client, string path, Guid? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        if (version is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v:N}\"");
        }
        return await client.Http.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) => (await SignalBuilder.ProblemAsync(response)).GetProperty("code").GetString();

    [Fact]
    public async Task A_follow_up_action_starts_the_plan_as_a_task_on_the_owners_open_work_and_the_minutes_show_it()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Vervolg");
        var entry = await FollowUpActionAsync(coordinator, m, "Wijkagent gaat op huisbezoek bij Ilse");
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/api/v1/cases/{m.Case.Id}/plan")).StatusCode);

        // No plan yet: taking the action in starts the plan with a new goal; no If-Match needed.
        var page = await coordinator.GetPageAsync($"/consultations/{m.Id}/items/{m.ItemId}/entries/{entry}/plan");
        Assert.Contains("data-testid=\"no-plan-yet\"", page, StringComparison.Ordinal);
        var taken = await ActionPlanBuilder.ChangedAsync(await PostFollowUpAsync(coordinator, m.Case.Id, await FollowUpAsync(coordinator, m.Case.Id, entry)));

        var plan = await coordinator.PlanAsync(m.Case.Id);
        Assert.Equal(taken.Version, plan.Version);
        var goal = Assert.Single(plan.Goals);
        Assert.Equal(LifeDomain.Safety, goal.Domain);
        var task = Assert.Single(goal.Actions);
        Assert.Equal(app.Today().AddDays(14), task.DueOn);
        Assert.NotNull(task.Source);
        Assert.Equal((m.Id, entry, "Wijkagent gaat op huisbezoek bij Ilse"), (task.Source!.ConsultationId, task.Source.EntryId, task.Source.Text));
        Assert.Equal("PlanChange.FollowUpTaken", plan.Versions[0].Change);
        var planPage = await coordinator.GetPageAsync($"/cases/{m.Case.Id}/plan");
        Assert.Contains("data-testid=\"action-source\"", planPage, StringComparison.Ordinal);

        // The responsible partner sees it on their open work, with where it came from.
        using var police = await app.PoliceAsync();
        var work = await police.GetAsync("/api/v1/work");
        await Expect.StatusAsync(work, HttpStatusCode.OK);
        var mine = (await work.Content.ReadFromJsonAsync<WorkList>(SignalBuilder.Json))!.Mine;
        var item = Assert.Single(mine, w => w.ActionId == task.Id);
        Assert.NotNull(item.FromConsultationAt);
        Assert.Contains("data-testid=\"work-from-consultation\"", await police.GetPageAsync("/work"), StringComparison.Ordinal);

        // The minutes show the task; the action is taken in once, and stays in the minutes.
        var minutes = await coordinator.ItemAsync(m.Id, m.ItemId);
        Assert.Equal(task.Id, Assert.Single(minutes.Entries).PlanTask?.ActionId);
        Assert.Contains("data-testid=\"entry-in-plan\"", await coordinator.GetPageAsync($"/consultations/{m.Id}/items/{m.ItemId}"), StringComparison.Ordinal);
        var again = await PostFollowUpAsync(coordinator, m.Case.Id, await FollowUpAsync(coordinator, m.Case.Id, entry, goal.Id), plan.Version);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("follow_up_taken", await CodeAsync(again));
        var version = (await coordinator.ConsultationAsync(m.Id)).Version;
        var remove = await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/items/{m.ItemId}/entries/{entry}", version);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Equal("entry_in_plan", await CodeAsync(remove));
    }

    [Fact]
    public async Task An_existing_plan_needs_its_version_and_a_stale_one_is_refused()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, "Bestaand");
        var m = await MeetingAsync(coordinator, "Bestaand", planned.Case);
        var entry = await FollowUpActionAsync(coordinator, m, "School bellen over verzuim");
        var plan = await coordinator.PlanAsync(m.Case.Id);
        var input = await FollowUpAsync(coordinator, m.Case.Id, entry, plan.Goals[0].Id);

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PostFollowUpAsync(coordinator, m.Case.Id, input)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostFollowUpAsync(coordinator, m.Case.Id, input, Guid.NewGuid())).StatusCode);
        var wrongGoal = await PostFollowUpAsync(coordinator, m.Case.Id, input with { GoalId = Guid.NewGuid(), DueOn = null }, plan.Version);
        Assert.Equal(HttpStatusCode.BadRequest, wrongGoal.StatusCode);
        var errors = (await SignalBuilder.ProblemAsync(wrongGoal)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("GoalId", out _));
        Assert.True(errors.TryGetProperty("DueOn", out _));
        Assert.Equal(plan.Number, (await coordinator.PlanAsync(m.Case.Id)).Number);

        await ActionPlanBuilder.ChangedAsync(await PostFollowUpAsync(coordinator, m.Case.Id, input, plan.Version));
        var after = await coordinator.PlanAsync(m.Case.Id);
        Assert.Equal(plan.Goals.Count, after.Goals.Count);
        Assert.Equal(entry, Assert.Single(after.Goals[0].Actions, a => a.Source is not null).Source!.EntryId);

        // Through the page: a stale form gets "changed by someone else" and takes nothing in.
        var second = await FollowUpActionAsync(coordinator, m, "Tweede actie");
        var stale = await coordinator.SubmitFormAsync($"/consultations/{m.Id}/items/{m.ItemId}/entries/{second}/plan", new Dictionary<string, string>
        {
            ["Version"] = plan.Version.ToString(), ["GoalId"] = plan.Goals[1].Id.ToString(), ["InterventionId"] = input.InterventionId!.Value.ToString(),
            ["ResponsibleOrganisationId"] = input.ResponsibleOrganisationId!.Value.ToString(), ["StartOn"] = app.Today().ToString("yyyy-MM-dd"),
            ["DueOn"] = app.Today().AddDays(7).ToString("yyyy-MM-dd"),
        });
        await Expect.StatusAsync(stale, HttpStatusCode.OK);
        Assert.Contains("data-testid=\"conflict\"", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await coordinator.ItemAsync(m.Id, m.ItemId)).Entries.Single(e => e.Id == second).PlanTask);
    }

    [Fact]
    public async Task Someone_who_does_not_run_the_case_cannot_take_a_follow_up_in_or_see_it()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Buiten", municipality: "Brugwater");
        var entry = await FollowUpActionAsync(coordinator, m, "Contact met de jeugdarts");
        var input = await FollowUpAsync(coordinator, m.Case.Id, entry);

        // The case director of another municipality runs cases, but not this one: not found, nothing disclosed.
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFollowUpAsync(director, m.Case.Id, input)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/consultations/{m.Id}/items/{m.ItemId}/entries/{entry}/plan")).StatusCode);
        // A partner never takes actions into the plan, not even in their own case.
        using var police = await app.PoliceAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFollowUpAsync(police, m.Case.Id, input)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await police.GetAsync($"/consultations/{m.Id}/items/{m.ItemId}/entries/{entry}/plan")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<PlanAction>().AnyAsync(a => a.SourceEntryId == entry)));

        await ActionPlanBuilder.ChangedAsync(await PostFollowUpAsync(coordinator, m.Case.Id, input));
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/api/v1/cases/{m.Case.Id}/plan")).StatusCode);
        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        Assert.Equal(HttpStatusCode.NotFound, (await mentalHealth.GetAsync($"/api/v1/cases/{m.Case.Id}/plan")).StatusCode);
        var work = await mentalHealth.GetAsync("/api/v1/work");
        Assert.DoesNotContain((await work.Content.ReadFromJsonAsync<WorkList>(SignalBuilder.Json))!.Mine, w => w.CaseId == m.Case.Id);
    }

    [Fact]
    public async Task Moving_and_cancelling_change_what_invitees_see_and_reach_the_case_timeline()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Verplaatst");
        using var police = await app.PoliceAsync();
        var before = await police.ConsultationAsync(m.Id);
        var newTime = app.Time.GetUtcNow().AddDays(10);
        newTime = new DateTimeOffset(newTime.Year, newTime.Month, newTime.Day, 9, 30, 0, TimeSpan.Zero);

        var noReason = await coordinator.ChangeAsync(m.Id, "/reschedule", new RescheduleInput(newTime, "Stadhuis, zaal 3", null, " "));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await SignalBuilder.ProblemAsync(noReason)).GetProperty("errors").TryGetProperty("Reason", out _));
        var stale = await coordinator.PostWithVersionAsync($"/api/v1/consultations/{m.Id}/reschedule", new RescheduleInput(newTime, "Stadhuis", null, "Zaal bezet"), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired,
            (await coordinator.PostJsonAsync($"/api/v1/consultations/{m.Id}/reschedule", new RescheduleInput(newTime, "Stadhuis", null, "Zaal bezet"))).StatusCode);
        await Expect.StatusAsync(await coordinator.ChangeAsync(m.Id, "/reschedule", new RescheduleInput(newTime, "Stadhuis, zaal 3", null, "De voorzitter is ziek")), HttpStatusCode.OK);

        var moved = await police.ConsultationAsync(m.Id);
        Assert.Equal(newTime, moved.StartsAt);
        Assert.Equal("Stadhuis, zaal 3", moved.Place);
        var change = Assert.Single(moved.Changes!);
        Assert.Equal((ConsultationChangeKind.Rescheduled, before.StartsAt, "De voorzitter is ziek"), (change.Kind, change.FromStartsAt, change.Reason));
        Assert.Contains("data-testid=\"moved-note\"", await police.GetPageAsync($"/consultations/{m.Id}"), StringComparison.Ordinal);
        Assert.Equal(newTime, (await police.ConsultationsAsync()).Single(c => c.Id == m.Id).StartsAt);

        // Cancelling needs a reason and a confirmation; then every invitee sees it, and nothing changes any more.
        var unconfirmed = await coordinator.ChangeAsync(m.Id, "/cancel", new CancelInput("Casus besproken in ander overleg", false));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Null((await police.ConsultationAsync(m.Id)).CancelledAt);
        await Expect.StatusAsync(await coordinator.ChangeAsync(m.Id, "/cancel", new CancelInput("Casus besproken in ander overleg", true)), HttpStatusCode.OK);
        Assert.NotNull((await police.ConsultationAsync(m.Id)).CancelledAt);
        Assert.NotNull((await police.ConsultationsAsync()).Single(c => c.Id == m.Id).CancelledAt);
        Assert.Contains("data-testid=\"cancelled-notice\"", await police.GetPageAsync($"/consultations/{m.Id}"), StringComparison.Ordinal);
        var afterCancel = await coordinator.ChangeAsync(m.Id, "/reschedule", new RescheduleInput(newTime.AddDays(1), "Stadhuis", null, "Toch"));
        Assert.Equal(HttpStatusCode.Conflict, afterCancel.StatusCode);
        Assert.Equal("consultation_cancelled", await CodeAsync(afterCancel));
        Assert.Equal("consultation_cancelled", await CodeAsync(await coordinator.ChangeAsync(m.Id, "/invitees",
            new InviteInput(await app.UserIdAsync("mentalhealth@casus.demo"), m.ItemId))));

        var events = await app.WithDbAsync(db => db.Set<CaseEvent>().Where(e => e.CaseId == m.Case.Id && e.RelatedId == m.Id).Select(e => e.Kind).ToListAsync());
        Assert.Contains(CaseEventKind.ConsultationRescheduled, events);
        Assert.Contains(CaseEventKind.ConsultationCancelled, events);
        var casePage = await coordinator.GetPageAsync($"/cases/{m.Case.Id}");
        Assert.Contains("De voorzitter is ziek", casePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_meeting_that_was_held_is_not_moved_cancelled_or_stripped()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Gehouden");
        var police = await app.UserIdAsync("police@casus.demo");
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, "/attendance", new AttendanceInput(police, true), put: true));

        var move = await coordinator.ChangeAsync(m.Id, "/reschedule", new RescheduleInput(app.Time.GetUtcNow().AddDays(3), "Elders", null, "Te laat bedacht"));
        Assert.Equal("consultation_held", await CodeAsync(move));
        Assert.Equal("consultation_held", await CodeAsync(await coordinator.ChangeAsync(m.Id, "/cancel", new CancelInput("Te laat", true))));
        var version = (await coordinator.ConsultationAsync(m.Id)).Version;
        Assert.Equal("consultation_held", await CodeAsync(await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/invitees/{police}", version)));
        Assert.Equal("consultation_held", await CodeAsync(await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/items/{m.ItemId}", version)));
        var detail = await coordinator.ConsultationAsync(m.Id);
        Assert.True(detail.Held);
        Assert.Single(detail.Invitees);
        Assert.Single(detail.Items);
    }

    [Fact]
    public async Task A_removed_invitee_no_longer_sees_the_meeting_and_a_removed_item_takes_its_occasional_partner_along()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Weg");
        var mentalHealthCase = await app.OpenCaseAsync("Noor", "Weg");
        var mentalHealthId = await app.UserIdAsync("mentalhealth@casus.demo");
        await coordinator.AddMemberAsync(mentalHealthCase.Id, mentalHealthId, app.Today(), app.Today().AddDays(30));
        var second = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, "/items", new AgendaItemInput(mentalHealthCase.Id)));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, "/invitees", new InviteInput(mentalHealthId, second)));
        using var police = await app.PoliceAsync();
        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        await police.ConsultationAsync(m.Id);
        await mentalHealth.ConsultationAsync(m.Id);

        var policeId = await app.UserIdAsync("police@casus.demo");
        var version = (await coordinator.ConsultationAsync(m.Id)).Version;
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/invitees/{policeId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/invitees/{policeId}", Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(police, $"/api/v1/consultations/{m.Id}/invitees/{policeId}", version)).StatusCode);
        await Expect.StatusAsync(await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/invitees/{policeId}", version), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/v1/consultations/{m.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/consultations/{m.Id}")).StatusCode);
        Assert.DoesNotContain(await police.ConsultationsAsync(), c => c.Id == m.Id);

        // Through the page, removing needs the confirmation tick.
        var detail = await coordinator.ConsultationAsync(m.Id);
        var unticked = await coordinator.SubmitFormAsync($"/consultations/{m.Id}", new Dictionary<string, string>
        {
            ["Version"] = detail.Version.ToString(), ["ItemId"] = second.ToString(),
        }, $"/consultations/{m.Id}?handler=RemoveItem");
        await Expect.StatusAsync(unticked, HttpStatusCode.OK);
        Assert.Equal(2, (await coordinator.ConsultationAsync(m.Id)).Items.Count);
        var removed = await coordinator.SubmitFormAsync($"/consultations/{m.Id}", new Dictionary<string, string>
        {
            ["Version"] = detail.Version.ToString(), ["ItemId"] = second.ToString(), ["Confirm"] = "true",
        }, $"/consultations/{m.Id}?handler=RemoveItem");
        await Expect.StatusAsync(removed, HttpStatusCode.Redirect);
        var after = await coordinator.ConsultationAsync(m.Id);
        Assert.Equal(m.ItemId, Assert.Single(after.Items).Id);
        Assert.Empty(after.Invitees);
        Assert.Equal(HttpStatusCode.NotFound, (await mentalHealth.GetAsync($"/api/v1/consultations/{m.Id}")).StatusCode);
        Assert.Contains(after.Changes!, c => c.Kind == ConsultationChangeKind.ItemRemoved && c.ItemNumber == 2);
    }

    [Fact]
    public async Task A_draft_minute_line_can_be_removed_but_fixed_minutes_refuse_and_take_addenda()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Regel");
        var wrong = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.ItemId}/entries",
            new EntryInput(MinutesEntryKind.Decision, "Verkeerde casus besproken", Confirmed: true)));
        var kept = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.ItemId}/entries",
            new EntryInput(MinutesEntryKind.Decision, "Politie houdt zicht", Confirmed: true)));

        var version = (await coordinator.ConsultationAsync(m.Id)).Version;
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/items/{m.ItemId}/entries/{wrong}", Guid.NewGuid())).StatusCode);
        await Expect.StatusAsync(await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/items/{m.ItemId}/entries/{wrong}", version), HttpStatusCode.OK);
        Assert.Equal(kept, Assert.Single((await coordinator.ItemAsync(m.Id, m.ItemId)).Entries).Id);

        await Expect.StatusAsync(await coordinator.ChangeAsync(m.Id, "/fix", new FixInput(true)), HttpStatusCode.OK);
        version = (await coordinator.ConsultationAsync(m.Id)).Version;
        var refused = await DeleteAsync(coordinator, $"/api/v1/consultations/{m.Id}/items/{m.ItemId}/entries/{kept}", version);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("minutes_fixed", await CodeAsync(refused));
        var page = await coordinator.GetPageAsync($"/consultations/{m.Id}/items/{m.ItemId}");
        Assert.DoesNotContain("data-testid=\"remove-entry-form\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"addendum-form\"", page, StringComparison.Ordinal);
        Assert.Single((await coordinator.ItemAsync(m.Id, m.ItemId)).Entries);
    }
}
