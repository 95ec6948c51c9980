using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Support;
using Casus.Web.Features.Shared;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Signals;

/// <summary>The coordinator's inbox: filters and search, status changes with reasons, corrections, and what the reporter sees.</summary>
public sealed class WorkingTheInboxTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Filters_and_search_find_what_the_coordinator_is_looking_for()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var left = await police.RegisterAsync(await app.SignalAboutAsync("Kees", "Rood", narrative: "Plakte stickers van een antifascistische knokploeg.") with { Phenomenon = Phenomenon.LeftWingExtremism, Urgency = SignalUrgency.High });
        var right = await police.RegisterAsync(await app.SignalAboutAsync("Henk", "Bruin") with { Phenomenon = Phenomenon.RightWingExtremism });

        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var byPhenomenon = await ListAsync(coordinator, "phenomenon=LeftWingExtremism");
        Assert.Contains(byPhenomenon.Items, s => s.Id == left.Id);
        Assert.DoesNotContain(byPhenomenon.Items, s => s.Id == right.Id);

        var byUrgency = await ListAsync(coordinator, "urgency=High");
        Assert.All(byUrgency.Items, s => Assert.Equal(SignalUrgency.High, s.Urgency));

        // Full-text search reaches the encrypted narrative and names, decrypted in memory.
        var byText = await SearchAsync(coordinator, "knokploeg");
        Assert.Equal(left.Id, Assert.Single(byText.Items).Id);
        var byName = await SearchAsync(coordinator, "bruin");
        Assert.Equal(right.Id, Assert.Single(byName.Items).Id);
        var byReference = await SearchAsync(coordinator, right.Reference);
        Assert.Equal(right.Id, Assert.Single(byReference.Items).Id);

        var sortedByName = await ListAsync(coordinator, "sort=name&pageSize=200");
        var names = sortedByName.Items.Select(i => i.PersonName).ToList();
        Assert.Equal(names.OrderBy(n => n.Split(' ').Last(), StringComparer.CurrentCultureIgnoreCase).Select(n => n.Split(' ').Last()), names.Select(n => n.Split(' ').Last()));

        var paged = await ListAsync(coordinator, "pageSize=1&page=2");
        Assert.Single(paged.Items);
        Assert.Equal(2, paged.Page);
        Assert.True(paged.Total >= 2);
    }

    [Fact]
    public async Task A_signal_goes_through_weighing_to_closed_and_the_reporter_follows_its_status_but_not_the_reasons()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var registered = await police.RegisterAsync(await app.SignalAboutAsync("Lotte", "Visser"));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);

        var weighing = await coordinator.PostWithVersionAsync($"/api/v1/signals/{registered.Id}/start-weighing", new { }, registered.Version);
        await Expect.StatusAsync(weighing, HttpStatusCode.OK);
        var afterWeighing = (await weighing.Content.ReadFromJsonAsync<RegisteredSignal>(SignalBuilder.Json))!;
        Assert.Equal(SignalStatus.InWeighing, afterWeighing.Status);

        var noReason = await coordinator.PostWithVersionAsync($"/api/v1/signals/{registered.Id}/close", new CloseSignalInput(SignalOutcome.NoConcern, " "), afterWeighing.Version);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var closed = await coordinator.PostWithVersionAsync($"/api/v1/signals/{registered.Id}/close",
            new CloseSignalInput(SignalOutcome.ReferredToCare, "Jeugdzorg is al betrokken; geen extremistische context."), afterWeighing.Version);
        await Expect.StatusAsync(closed, HttpStatusCode.OK);

        var forCoordinator = await coordinator.SignalAsync(registered.Id);
        Assert.Equal(SignalStatus.Closed, forCoordinator.Status);
        Assert.Equal(SignalOutcome.ReferredToCare, forCoordinator.Outcome);
        var closing = forCoordinator.History[^1];
        Assert.Equal((SignalStatus.InWeighing, SignalStatus.Closed), (closing.StatusFrom!.Value, closing.StatusTo!.Value));
        Assert.Equal("Jeugdzorg is al betrokken; geen extremistische context.", closing.Detail);
        Assert.Equal("Procesregisseur (demo)", closing.ActorName);

        var forReporter = await police.SignalAsync(registered.Id);
        Assert.Equal(SignalStatus.Closed, forReporter.Status);
        Assert.False(forReporter.CanManage);
        Assert.All(forReporter.History, h => { Assert.Null(h.Detail); Assert.Null(h.ActorName); });
        // The reporter cannot act on it.
        var attempt = await police.PostWithVersionAsync($"/api/v1/signals/{registered.Id}/reopen", new ReasonInput("x"), forReporter.Version);
        Assert.Equal(HttpStatusCode.Forbidden, attempt.StatusCode);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_changes_nothing()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var registered = await police.RegisterAsync(await app.SignalAboutAsync("Bram", "de Graaf"));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);

        await Expect.StatusAsync(await director.PostWithVersionAsync($"/api/v1/signals/{registered.Id}/notes", new ReasonInput("Ken deze jongen uit de wijk."), registered.Version), HttpStatusCode.OK);
        var stale = await coordinator.PostWithVersionAsync($"/api/v1/signals/{registered.Id}/start-weighing", new { }, registered.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("changed_by_someone_else", (await SignalBuilder.ProblemAsync(stale)).GetProperty("code").GetString());
        Assert.Equal(SignalStatus.New, (await coordinator.SignalAsync(registered.Id)).Status);

        using var noIfMatch = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/signals/{registered.Id}/start-weighing");
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await coordinator.Http.SendAsync(noIfMatch)).StatusCode);
    }

    [Fact]
    public async Task A_correction_keeps_the_earlier_details_in_the_history_and_search_finds_the_new_name()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var registered = await police.RegisterAsync(await app.SignalAboutAsync("Yusuf", "Yilmazz"));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var correction = new CorrectSubjectInput(new SignalInput { GivenNames = "Yusuf", Surname = "Yılmaz", DateOfBirth = "2007-03-14" }, "Achternaam verkeerd gespeld door melder.");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/signals/{registered.Id}/subject") { Content = JsonContent.Create(correction, options: SignalBuilder.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{registered.Version:N}\"");
        await Expect.StatusAsync(await coordinator.Http.SendAsync(request), HttpStatusCode.OK);

        var signal = await coordinator.SignalAsync(registered.Id);
        Assert.Equal("Yusuf Yılmaz", signal.Subject.DisplayName);
        var corrected = Assert.Single(signal.History, h => h.Kind == SignalEventKind.Corrected);
        Assert.Contains("Yilmazz", corrected.Detail, StringComparison.Ordinal);
        Assert.Contains("Achternaam verkeerd gespeld", corrected.Detail, StringComparison.Ordinal);
        Assert.Equal(registered.Id, Assert.Single((await SearchAsync(coordinator, "Yılmaz")).Items).Id);
        // The reporter sees no correction events: those are the coordinators' records.
        Assert.DoesNotContain((await police.SignalAsync(registered.Id)).History, h => h.Kind == SignalEventKind.Corrected);
    }

    [Fact]
    public async Task Reading_a_signal_is_in_the_processing_log_under_the_persons_pseudonym()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var registered = await police.RegisterAsync(await app.SignalAboutAsync("Noor", "Bakker"));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var signal = await coordinator.SignalAsync(registered.Id);

        var pseudonym = app.Services.GetRequiredService<SubjectPseudonymizer>().Pseudonymize("person", signal.PersonId);
        var records = await app.WithDbAsync(db => db.ProcessingLog.Where(r => r.SubjectPseudonym == pseudonym).OrderBy(r => r.Sequence).ToListAsync());
        Assert.Equal(["create", "read"], records.Select(r => r.Name).Take(2));
        Assert.All(records, r => Assert.Equal(SignalActivities.Signals.Id, r.ProcessingActivityId));
        var coordinatorId = await app.UserIdAsync("coordinator@casus.demo");
        var readTrace = records[1].TraceId;
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.TraceId == readTrace && a.UserId == coordinatorId)));
    }

    [Fact]
    public async Task The_inbox_page_shows_an_empty_state_for_a_search_without_results()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var page = await coordinator.SearchInboxAsync("zzz-no-such-person");
        Assert.Contains("data-testid=\"empty-state\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_searched_name_never_appears_in_the_address_and_a_tampered_search_token_searches_nothing()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await police.RegisterAsync(await app.SignalAboutAsync("Geheime", "Zoeknaam"));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);

        var redirect = await coordinator.SubmitFormAsync("/signals", new Dictionary<string, string> { ["search"] = "Zoeknaam" }, "/signals?handler=Filter");
        await Expect.StatusAsync(redirect, HttpStatusCode.Redirect);
        var location = redirect.Headers.Location!.OriginalString;
        Assert.DoesNotContain("Zoeknaam", Uri.UnescapeDataString(location), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("q=", location, StringComparison.Ordinal);
        var page = await coordinator.GetPageAsync(location);
        Assert.Contains("Geheime Zoeknaam", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Zoeknaam&", page, StringComparison.Ordinal);

        var tampered = System.Text.RegularExpressions.Regex.Replace(location, "q=([^&]{10})", "q=AAAAAAAAAA");
        var unfiltered = await coordinator.GetPageAsync(tampered);
        Assert.DoesNotContain("value=\"Zoeknaam\"", unfiltered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_page_counts_what_waits_in_the_inbox()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var before = await NewCountAsync(coordinator);
        await police.RegisterAsync(await app.SignalAboutAsync("Teller", "Start") with { Urgency = SignalUrgency.Immediate });
        Assert.Equal(before + 1, await NewCountAsync(coordinator));
        Assert.DoesNotContain("data-testid=\"inbox-summary\"", await police.GetPageAsync("/"), StringComparison.Ordinal);
    }

    private static async Task<int> NewCountAsync(CasusClient client)
    {
        var page = await client.GetPageAsync("/");
        var match = System.Text.RegularExpressions.Regex.Match(page, "Nieuwe meldingen: (\\d+)");
        Assert.True(match.Success, page);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<PageOf<SignalListItem>> SearchAsync(CasusClient client, string term)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/signals/search", new InboxSearch(term), SignalBuilder.Json);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PageOf<SignalListItem>>(SignalBuilder.Json))!;
    }

    private static async Task<PageOf<SignalListItem>> ListAsync(CasusClient client, string query) =>
        (await client.Http.GetFromJsonAsync<PageOf<SignalListItem>>("/api/v1/signals?" + query, SignalBuilder.Json))!;
}
