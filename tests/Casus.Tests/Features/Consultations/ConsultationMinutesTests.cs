using System.Net;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Consultations;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Consultations;

/// <summary>
/// A consultation with two cases: each invitee sees only the items of the cases they are a member of, and only after
/// acknowledging confidentiality; the minutes are recorded, fixed, and then only added to.
/// </summary>
public sealed class ConsultationMinutesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Meeting(Guid Id, Guid PoliceItem, Guid MentalHealthItem, CaseBuilder.OpenedCase PoliceCase, CaseBuilder.OpenedCase MentalHealthCase);

    /// <summary>Two cases: the police is a member of the first, mental health (occasional) of the second; both invited.</summary>
    private async Task<Meeting> MeetingAsync(CasusClient coordinator, string name)
    {
        var policeCase = await app.OpenCaseAsync("Joost", name + "Politie");
        var mentalHealthCase = await app.OpenCaseAsync("Anouk", name + "Ggz");
        var police = await app.UserIdAsync("police@casus.demo");
        var mentalHealth = await app.UserIdAsync("mentalhealth@casus.demo");
        await coordinator.AddMemberAsync(policeCase.Id, police, app.Today(), null);
        await coordinator.AddMemberAsync(mentalHealthCase.Id, mentalHealth, app.Today(), app.Today().AddDays(30));
        var meeting = await coordinator.ScheduleAsync(app);
        var first = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, "/items", new AgendaItemInput(policeCase.Id)));
        var second = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, "/items", new AgendaItemInput(mentalHealthCase.Id)));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, "/invitees", new InviteInput(police, null)));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, "/invitees", new InviteInput(mentalHealth, second)));
        await coordinator.AcknowledgeAsync(meeting.Id);
        return new Meeting(meeting.Id, first, second, policeCase, mentalHealthCase);
    }

    [Fact]
    public async Task Each_invitee_sees_only_the_items_of_their_own_cases_and_only_after_acknowledging()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Zicht");
        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);

        // Before acknowledging: the agenda shows numbers only, and the item's minutes are refused.
        var before = await mentalHealth.ConsultationAsync(m.Id);
        Assert.All(before.Items, i => Assert.False(i.Visible));
        Assert.All(before.Items, i => Assert.Null(i.CaseReference));
        var refused = await mentalHealth.GetAsync($"/api/v1/consultations/{m.Id}/items/{m.MentalHealthItem}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("acknowledgement_required", (await SignalBuilder.ProblemAsync(refused)).GetProperty("code").GetString());
        var beforePage = await mentalHealth.GetPageAsync($"/consultations/{m.Id}");
        Assert.DoesNotContain(m.MentalHealthCase.Reference, beforePage, StringComparison.Ordinal);

        await mentalHealth.AcknowledgeAsync(m.Id);
        var after = await mentalHealth.ConsultationAsync(m.Id);
        Assert.Equal([false, true], after.Items.OrderBy(i => i.Number).Select(i => i.Visible));
        Assert.Equal(m.MentalHealthCase.Reference, after.Items.Single(i => i.Visible).CaseReference);
        Assert.NotNull(after.Invitees.Single(i => i.Occasional).AcknowledgedAt);
        var page = await mentalHealth.GetPageAsync($"/consultations/{m.Id}");
        Assert.Contains(m.MentalHealthCase.Reference, page, StringComparison.Ordinal);
        Assert.DoesNotContain(m.PoliceCase.Reference, page, StringComparison.Ordinal);

        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await police.AcknowledgeAsync(m.Id);
        var policeView = await police.ConsultationAsync(m.Id);
        Assert.Equal(m.PoliceCase.Reference, Assert.Single(policeView.Items, i => i.Visible).CaseReference);
    }

    [Fact]
    public async Task No_attendee_sees_another_cases_minutes_through_the_api_or_the_page()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Notulen");
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries",
            new EntryInput(MinutesEntryKind.Decision, "Politie blijft zicht houden op Joost", Confirmed: true)));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.MentalHealthItem}/entries",
            new EntryInput(MinutesEntryKind.Decision, "Ggz biedt Anouk een gesprek aan", Confirmed: true)));

        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await mentalHealth.AcknowledgeAsync(m.Id);
        await police.AcknowledgeAsync(m.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await mentalHealth.GetAsync($"/api/v1/consultations/{m.Id}/items/{m.PoliceItem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mentalHealth.GetAsync($"/consultations/{m.Id}/items/{m.PoliceItem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/v1/consultations/{m.Id}/items/{m.MentalHealthItem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/consultations/{m.Id}/items/{m.MentalHealthItem}")).StatusCode);

        var own = await mentalHealth.ItemAsync(m.Id, m.MentalHealthItem);
        Assert.Equal("Ggz biedt Anouk een gesprek aan", Assert.Single(own.Entries).Text);
        var ownPage = await police.GetPageAsync($"/consultations/{m.Id}/items/{m.PoliceItem}");
        Assert.Contains("Politie blijft zicht houden op Joost", ownPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Anouk", ownPage, StringComparison.Ordinal);

        using var stranger = app.CreateCasusClient();
        Assert.NotEqual(HttpStatusCode.OK, (await stranger.GetAsync($"/api/v1/consultations/{m.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_minutes_of_an_item_print_to_PDF_naming_organisations_never_staff_and_only_for_those_who_see_the_case()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Verslag");
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries",
            new EntryInput(MinutesEntryKind.Information, "Melding van buren over uitingen", await OrganisationOfAsync("police@casus.demo"), "Politiewet art. 3")));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries",
            new EntryInput(MinutesEntryKind.Action, "Huisbezoek door de wijkagent", OwnerUserId: await app.UserIdAsync("police@casus.demo"), Deadline: app.Today().AddDays(14))));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.MentalHealthItem}/entries",
            new EntryInput(MinutesEntryKind.Decision, "Ggz biedt Anouk een gesprek aan", Confirmed: true)));

        var response = await coordinator.GetAsync($"/api/v1/consultations/{m.Id}/items/{m.PoliceItem}/document");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (Environment.GetEnvironmentVariable("CASUS_MINUTES_PDF_OUT") is { Length: > 0 } output)
        {
            await File.WriteAllBytesAsync(output, bytes);
        }
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF", text, StringComparison.Ordinal);
        Assert.Contains("Verslag, casus " + m.PoliceCase.Reference, text, StringComparison.Ordinal);
        Assert.Contains("Melding van buren over uitingen", text, StringComparison.Ordinal);
        Assert.Contains("Politiewet art. 3", text, StringComparison.Ordinal);
        Assert.Contains("Huisbezoek door de wijkagent", text, StringComparison.Ordinal);
        Assert.Contains("Politie eenheid Rivierenland", text, StringComparison.Ordinal);
        // No staff: not the coordinator who wrote it, not the police officer who owns the action; no other case's minutes.
        Assert.DoesNotContain("Procesregisseur (demo)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ketenpartner politie", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Anouk", text, StringComparison.Ordinal);

        // The page offers it as a download, in English for an English reader.
        using var english = new HttpRequestMessage(HttpMethod.Get, $"/consultations/{m.Id}/items/{m.PoliceItem}?handler=Document");
        english.Headers.AcceptLanguage.ParseAdd("en-GB");
        var page = await coordinator.Http.SendAsync(english);
        await Expect.StatusAsync(page, HttpStatusCode.OK);
        Assert.Contains("Minutes, case " + m.PoliceCase.Reference, System.Text.Encoding.Latin1.GetString(await page.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        // The occasional partner of the other case gets nothing of this item's minutes.
        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        await mentalHealth.AcknowledgeAsync(m.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await mentalHealth.GetAsync($"/api/v1/consultations/{m.Id}/items/{m.PoliceItem}/document")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mentalHealth.GetAsync($"/consultations/{m.Id}/items/{m.PoliceItem}?handler=Document")).StatusCode);
    }

    [Fact]
    public async Task Someone_not_invited_who_does_not_run_the_municipality_gets_not_found()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var meeting = await coordinator.ScheduleAsync(app);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/v1/consultations/{meeting.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/consultations/{meeting.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.PostJsonAsync($"/api/v1/consultations/{meeting.Id}/acknowledgement", new { })).StatusCode);
        Assert.DoesNotContain(await police.ConsultationsAsync(), c => c.Id == meeting.Id);
    }

    [Fact]
    public async Task Fixed_minutes_refuse_edits_and_take_addenda_with_who_and_when()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Vast");
        var entry = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries",
            new EntryInput(MinutesEntryKind.Information, "Melding van buren over uitingen", await OrganisationOfAsync("police@casus.demo"), "Politiewet art. 3")));
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries/{entry}",
            new CorrectionInput("Melding van twee buren over uitingen"), put: true));

        // Fixing needs explicit confirmation.
        var unconfirmed = await coordinator.ChangeAsync(m.Id, "/fix", new FixInput(false));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(MinutesStatus.Draft, (await coordinator.ConsultationAsync(m.Id)).MinutesStatus);
        await Expect.StatusAsync(await coordinator.ChangeAsync(m.Id, "/fix", new FixInput(true)), HttpStatusCode.OK);
        Assert.Equal(MinutesStatus.Fixed, (await coordinator.ConsultationAsync(m.Id)).MinutesStatus);

        var correct = await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries/{entry}", new CorrectionInput("Overschreven"), put: true);
        Assert.Equal(HttpStatusCode.Conflict, correct.StatusCode);
        Assert.Equal("minutes_fixed", (await SignalBuilder.ProblemAsync(correct)).GetProperty("code").GetString());
        var add = await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries", new EntryInput(MinutesEntryKind.Decision, "Nieuw besluit", Confirmed: true));
        Assert.Equal(HttpStatusCode.Conflict, add.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.ChangeAsync(m.Id, "/items", new AgendaItemInput(m.PoliceCase.Id))).StatusCode);
        var entries = (await coordinator.ItemAsync(m.Id, m.PoliceItem)).Entries;
        Assert.Equal("Melding van twee buren over uitingen", Assert.Single(entries).Text);
        Assert.Equal("Politiewet art. 3", entries[0].LegalBasis);

        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries",
            new EntryInput(MinutesEntryKind.Addendum, "Aanvulling: de wijkagent was ook aanwezig")));
        var after = (await coordinator.ItemAsync(m.Id, m.PoliceItem)).Entries;
        Assert.Equal(2, after.Count);
        Assert.Equal((MinutesEntryKind.Addendum, "Procesregisseur (demo)"), (after[1].Kind, after[1].CreatedByName));
        Assert.Equal("Melding van twee buren over uitingen", after[0].Text);

        // Each case on the agenda got a timeline event.
        var timeline = await app.WithDbAsync(db => db.Set<CaseEvent>().Where(e => e.CaseId == m.PoliceCase.Id && e.Kind == CaseEventKind.Consultation).CountAsync());
        Assert.Equal(1, timeline);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_and_changes_nothing()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var noPlace = await coordinator.PostJsonAsync("/api/v1/consultations", new ScheduleInput(await app.MunicipalityIdAsync(), null, " ", "http://insecure.example", null));
        Assert.Equal(HttpStatusCode.BadRequest, noPlace.StatusCode);
        var errors = (await SignalBuilder.ProblemAsync(noPlace)).GetProperty("errors");
        foreach (var field in new[] { "StartsAt", "OnlineLink", "ChairUserId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
        var nowhere = await coordinator.PostJsonAsync("/api/v1/consultations", new ScheduleInput(await app.MunicipalityIdAsync(), app.Time.GetUtcNow().AddDays(1), " ", null,
            await app.UserIdAsync("coordinator@casus.demo")));
        Assert.True((await SignalBuilder.ProblemAsync(nowhere)).GetProperty("errors").TryGetProperty("Place", out _));

        var m = await MeetingAsync(coordinator, "Fout");
        var before = await coordinator.ConsultationAsync(m.Id);
        var action = await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries", new EntryInput(MinutesEntryKind.Action, "Huisbezoek", OwnerUserId: null, Deadline: app.Today().AddDays(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, action.StatusCode);
        var actionErrors = (await SignalBuilder.ProblemAsync(action)).GetProperty("errors");
        Assert.True(actionErrors.TryGetProperty("OwnerUserId", out _));
        Assert.True(actionErrors.TryGetProperty("Deadline", out _));
        var decision = await coordinator.ChangeAsync(m.Id, $"/items/{m.PoliceItem}/entries", new EntryInput(MinutesEntryKind.Decision, "Besluit zonder voorzitter"));
        Assert.True((await SignalBuilder.ProblemAsync(decision)).GetProperty("errors").TryGetProperty("Confirmed", out _));
        // The occasional partner is invited for an item, never for the whole meeting.
        var occasional = await coordinator.ChangeAsync(m.Id, "/invitees", new InviteInput(await app.UserIdAsync("mentalhealth@casus.demo"), null));
        Assert.Equal(HttpStatusCode.BadRequest, occasional.StatusCode);
        Assert.Empty((await coordinator.ItemAsync(m.Id, m.PoliceItem)).Entries);
        Assert.Equal(before.Version, (await coordinator.ConsultationAsync(m.Id)).Version);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_a_missing_one_is_required()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var m = await MeetingAsync(coordinator, "Oud");
        var stale = await coordinator.PostWithVersionAsync($"/api/v1/consultations/{m.Id}/items/{m.PoliceItem}/entries",
            new EntryInput(MinutesEntryKind.Decision, "Te laat", Confirmed: true), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var missing = await coordinator.PostJsonAsync($"/api/v1/consultations/{m.Id}/fix", new FixInput(true));
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Empty((await coordinator.ItemAsync(m.Id, m.PoliceItem)).Entries);
    }

    [Fact]
    public async Task The_coordinator_must_acknowledge_before_writing_minutes_and_a_partner_cannot_write()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var opened = await app.OpenCaseAsync("Bram", "Erkenning");
        var meeting = await coordinator.ScheduleAsync(app);
        var item = await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, "/items", new AgendaItemInput(opened.Id)));
        var refused = await coordinator.ChangeAsync(meeting.Id, $"/items/{item}/entries", new EntryInput(MinutesEntryKind.Decision, "Besluit", Confirmed: true));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await coordinator.AcknowledgeAsync(meeting.Id);
        await ConsultationBuilder.OkRecordAsync(await coordinator.ChangeAsync(meeting.Id, $"/items/{item}/entries", new EntryInput(MinutesEntryKind.Decision, "Besluit", Confirmed: true)));
        var decided = Assert.Single((await coordinator.ItemAsync(meeting.Id, item)).Entries);
        Assert.Equal(DecisionMode.Chair, decided.DecidedBy);

        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var version = (await coordinator.ConsultationAsync(meeting.Id)).Version;
        var byPartner = await police.PostWithVersionAsync($"/api/v1/consultations/{meeting.Id}/items/{item}/entries",
            new EntryInput(MinutesEntryKind.Decision, "Partnerbesluit", Confirmed: true), version);
        Assert.Equal(HttpStatusCode.Forbidden, byPartner.StatusCode);
    }

    private Task<Guid> OrganisationOfAsync(string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.OrganisationId).SingleAsync());
}
