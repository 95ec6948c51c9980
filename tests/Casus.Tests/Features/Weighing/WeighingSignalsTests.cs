using System.Net;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Weighing;

/// <summary>
/// The weighing team decides on a person's open signals: recorded criteria and reasons, four eyes before a decision
/// takes effect, each outcome's effect on the signals, a case for admission, and observation periods that end.
/// </summary>
public sealed class WeighingSignalsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private DateOnly Today => DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Each_missing_part_of_a_decision_is_named_and_nothing_changes()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var signal = await police.RegisterAsync(await app.SignalAboutAsync("Iris", "Mulder"));

        var empty = await coordinator.DecideAsync(signal.Id, new DecisionInput());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = (await SignalBuilder.ProblemAsync(empty)).GetProperty("errors");
        foreach (var field in new[] { "Outcome", "Criteria", "Parties", "Proportionality", "Subsidiarity" })
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"No error for {field}: {errors}");
            Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        }

        var complete = WeighingBuilder.Complete(WeighingOutcome.ReferCare);
        var cases = new (DecisionInput Input, string Field)[]
        {
            (complete with { Outcome = WeighingOutcome.Observe }, "ObserveUntil"),
            (complete with { Outcome = WeighingOutcome.Observe, ObserveUntil = Today }, "ObserveUntil"),
            (complete with { Criteria = [] }, "Criteria"),
            (complete with { Criteria = ["no-such-criterion"] }, "Criteria"),
            (complete with { Parties = [] }, "Parties"),
            (complete with { Parties = ["mayor"] }, "Parties"),
            (complete with { Proportionality = "  " }, "Proportionality"),
            (complete with { Subsidiarity = null }, "Subsidiarity"),
            (complete with { Subsidiarity = "<script>alert(1)</script>" }, "Subsidiarity"),
        };
        foreach (var (input, field) in cases)
        {
            var response = await coordinator.DecideAsync(signal.Id, input);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var fields = (await SignalBuilder.ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal([field], fields);
        }

        Assert.Equal(SignalStatus.New, (await coordinator.SignalAsync(signal.Id)).Status);
        Assert.False(await app.WithDbAsync(db => db.Set<WeighingDecisionSignal>().AnyAsync(l => l.SignalId == signal.Id)));
    }

    [Fact]
    public async Task A_decision_waits_for_a_second_person_and_only_then_closes_the_linked_signals()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var (first, second) = await app.PersonWithTwoSignalsAsync(coordinator, "Sem", "Jansen");

        var decision = await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.ReferCare));
        Assert.Equal(WeighingStatus.PendingApproval, decision.Status);
        // Weighing has started for both signals of the person; nothing else has happened yet.
        foreach (var id in new[] { first.Id, second.Id })
        {
            var s = await coordinator.SignalAsync(id);
            Assert.Equal(SignalStatus.InWeighing, s.Status);
            Assert.Null(s.Outcome);
        }
        var detail = await coordinator.DecisionAsync(decision.Id);
        Assert.Equal([first.Id, second.Id], detail.Signals.Select(s => s.Id).Order());
        Assert.Equal("Procesregisseur (demo)", detail.DecidedBy);
        Assert.Equal("NL-PGA:1", detail.CriteriaVersion);
        Assert.Equal(["identified", "ideological-motive", "multiple-domains"], detail.Criteria.Select(c => c.Code));
        Assert.StartsWith("De zorgen over", detail.Proportionality, StringComparison.Ordinal);
        Assert.False(detail.CanReview);
        Assert.Contains(decision.Id, (await coordinator.ListAsync("pending")).Items.Select(i => i.Id));

        // The texts about the person are encrypted at rest.
        var stored = await app.WithDbAsync(db => db.Set<WeighingDecision>().SingleAsync(d => d.Id == decision.Id));
        Assert.DoesNotContain("zorgen", stored.ProportionalityCiphertext, StringComparison.Ordinal);
        Assert.DoesNotContain("School", stored.SubsidiarityCiphertext, StringComparison.Ordinal);

        var own = await coordinator.ApproveAsync(decision.Id);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal("second_person_required", (await SignalBuilder.ProblemAsync(own)).GetProperty("code").GetString());
        Assert.Equal(WeighingStatus.PendingApproval, (await coordinator.DecisionAsync(decision.Id)).Status);

        // A second decision on the same signals cannot start while this one waits.
        var another = await coordinator.DecideAsync(second.Id, WeighingBuilder.Complete(WeighingOutcome.NoAction));
        Assert.Equal(HttpStatusCode.Conflict, another.StatusCode);
        Assert.Equal("decision_pending", (await SignalBuilder.ProblemAsync(another)).GetProperty("code").GetString());

        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        Assert.True((await director.DecisionAsync(decision.Id)).CanReview);
        var approved = await director.ApproveAsync(decision.Id);
        await Expect.StatusAsync(approved, HttpStatusCode.OK);

        var after = await director.DecisionAsync(decision.Id);
        Assert.Equal(WeighingStatus.InEffect, after.Status);
        Assert.Equal("Regievoerder Lindendal (demo)", after.ReviewedBy);
        foreach (var id in new[] { first.Id, second.Id })
        {
            var s = await coordinator.SignalAsync(id);
            Assert.Equal(SignalStatus.Closed, s.Status);
            Assert.Equal(SignalOutcome.ReferredToCare, s.Outcome);
            Assert.Equal((SignalStatus.InWeighing, SignalStatus.Closed), (s.History[^1].StatusFrom!.Value, s.History[^1].StatusTo!.Value));
        }
        Assert.DoesNotContain(decision.Id, (await coordinator.ListAsync("pending")).Items.Select(i => i.Id));
        var listed = Assert.Single((await coordinator.ListAsync("decisions")).Items, i => i.Id == decision.Id);
        Assert.Equal(("Sem Jansen", WeighingStatus.InEffect, WeighingOutcome.ReferCare), (listed.PersonName, listed.Status, listed.Outcome));

        // Deciding, approving and reading are in the processing log under the person's pseudonym.
        var pseudonym = app.Services.GetRequiredService<SubjectPseudonymizer>().Pseudonymize("person", detail.PersonId);
        var names = await app.WithDbAsync(db => db.ProcessingLog
            .Where(r => r.SubjectPseudonym == pseudonym && r.ProcessingActivityId == WeighingActivities.Weighing.Id).Select(r => r.Name).ToListAsync());
        Assert.Contains("create", names);
        Assert.Contains("update", names);
        Assert.Contains("read", names);
    }

    [Fact]
    public async Task A_new_signal_about_a_person_with_a_running_case_joins_that_case_when_admitted()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        var (first, _) = await app.PersonWithTwoSignalsAsync(coordinator, "Milan", "Verbeek");
        var admitted = await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.AdmitCase));
        await Expect.StatusAsync(await director.ApproveAsync(admitted.Id), HttpStatusCode.OK);
        var caseId = (await coordinator.DecisionAsync(admitted.Id)).CaseId!.Value;
        // The case has since been handed to someone else.
        var handedTo = await app.UserIdAsync("director@casus.demo");
        await app.WithDbAsync(db => db.Set<Casus.Web.Features.Cases.Case>().Where(c => c.Id == caseId).ExecuteUpdateAsync(u => u.SetProperty(c => c.CoordinatorUserId, handedTo)));

        // Months later: a new signal, recognised as the same person, weighed and admitted again.
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var later = await police.RegisterAsync(await app.SignalAboutAsync("Milan", "Verbeek", "Lindendal", "Nieuwe zorgen van de wijkagent."));
        await Expect.StatusAsync(await coordinator.PostJsonAsync($"/api/v1/signals/{later.Id}/links/{first.Id}", new { }), HttpStatusCode.OK);
        var again = await coordinator.DecidedAsync(later.Id, WeighingBuilder.Complete(WeighingOutcome.AdmitCase));
        // Approved by the director: the running case keeps its coordinator.
        await Expect.StatusAsync(await director.ApproveAsync(again.Id), HttpStatusCode.OK);

        Assert.Equal(caseId, (await coordinator.DecisionAsync(again.Id)).CaseId);
        var personId = (await coordinator.DecisionAsync(again.Id)).PersonId;
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Casus.Web.Features.Cases.Case>().CountAsync(c => c.PersonId == personId)));
        Assert.Equal(handedTo,
            await app.WithDbAsync(db => db.Set<Casus.Web.Features.Cases.Case>().Where(c => c.Id == caseId).Select(c => c.CoordinatorUserId).SingleAsync()));
        var signal = await coordinator.SignalAsync(later.Id);
        Assert.Equal(SignalStatus.LinkedToCase, signal.Status);
        Assert.Equal(caseId, await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Id == later.Id).Select(s => s.CaseId).SingleAsync()));
    }

    [Theory]
    [InlineData(WeighingOutcome.NoAction, SignalStatus.Closed, SignalOutcome.NoConcern)]
    [InlineData(WeighingOutcome.ReferPolice, SignalStatus.Closed, SignalOutcome.ReferredToPolice)]
    [InlineData(WeighingOutcome.Observe, SignalStatus.InWeighing, null)]
    public async Task Each_outcome_leaves_the_signals_as_it_says(WeighingOutcome outcome, SignalStatus status, SignalOutcome? signalOutcome)
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var (first, second) = await app.PersonWithTwoSignalsAsync(coordinator, "Daan", "de Wit " + outcome);
        var decision = await coordinator.DecidedAsync(second.Id, WeighingBuilder.Complete(outcome, outcome == WeighingOutcome.Observe ? Today.AddDays(30) : null));
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        await Expect.StatusAsync(await director.ApproveAsync(decision.Id), HttpStatusCode.OK);

        foreach (var id in new[] { first.Id, second.Id })
        {
            var s = await coordinator.SignalAsync(id);
            Assert.Equal(status, s.Status);
            Assert.Equal(signalOutcome, s.Outcome);
        }
        Assert.Null((await coordinator.DecisionAsync(decision.Id)).CaseId);
    }

    [Fact]
    public async Task Admission_to_case_consultation_opens_a_case_with_the_signals_once_approved()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var (first, second) = await app.PersonWithTwoSignalsAsync(coordinator, "Fleur", "Smit");
        var decision = await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.AdmitCase));
        Assert.Null(decision.CaseId);
        Assert.False(await app.WithDbAsync(db => db.Set<Case>().AnyAsync(c => c.OpenedByDecisionId == decision.Id)));

        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        await Expect.StatusAsync(await director.ApproveAsync(decision.Id), HttpStatusCode.OK);

        var detail = await director.DecisionAsync(decision.Id);
        Assert.NotNull(detail.CaseId);
        var @case = await app.WithDbAsync(db => db.Set<Case>().SingleAsync(c => c.Id == detail.CaseId));
        Assert.Equal(decision.Id, @case.OpenedByDecisionId);
        Assert.Equal(detail.PersonId, @case.PersonId);
        Assert.Equal(await app.MunicipalityIdAsync("Lindendal"), @case.MunicipalityId);
        Assert.Equal(CaseStage.Intake, @case.Stage);
        Assert.Equal(await app.UserIdAsync("coordinator@casus.demo"), @case.CoordinatorUserId);
        Assert.Equal(@case.Reference, detail.CaseReference);
        var events = await app.WithDbAsync(db => db.Set<CaseEvent>().Where(e => e.CaseId == @case.Id).ToListAsync());
        Assert.Contains(events, e => e.Kind == CaseEventKind.WeighingDecision && e.RelatedId == decision.Id);
        foreach (var id in new[] { first.Id, second.Id })
        {
            var signal = await app.WithDbAsync(db => db.Set<Signal>().SingleAsync(s => s.Id == id));
            Assert.Equal(SignalStatus.LinkedToCase, signal.Status);
            Assert.Equal(@case.Id, signal.CaseId);
        }

        var page = await director.GetPageAsync($"/weighing/{decision.Id}");
        Assert.Contains($"href=\"/cases/{@case.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains(@case.Reference, page, StringComparison.Ordinal);
        // The signal page of the inbox lists the decision and the case; the reporter's view of the signal does not.
        var signalPage = await director.GetPageAsync($"/signals/{first.Id}");
        Assert.Contains("data-testid=\"signal-decisions\"", signalPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/weighing/{decision.Id}\"", signalPage, StringComparison.Ordinal);
        Assert.Contains(@case.Reference, signalPage, StringComparison.Ordinal);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        Assert.DoesNotContain("signal-decisions", await police.GetPageAsync($"/signals/{first.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_coordinator_runs_the_case_also_when_the_case_director_proposed_the_admission()
    {
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        var (first, _) = await app.PersonWithTwoSignalsAsync(director, "Bas", "Kok");
        var decision = await director.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.AdmitCase));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await Expect.StatusAsync(await coordinator.ApproveAsync(decision.Id), HttpStatusCode.OK);

        var caseId = (await coordinator.DecisionAsync(decision.Id)).CaseId;
        var @case = await app.WithDbAsync(db => db.Set<Case>().SingleAsync(c => c.Id == caseId));
        Assert.Equal(await app.UserIdAsync("coordinator@casus.demo"), @case.CoordinatorUserId);
    }

    [Fact]
    public async Task A_rejected_decision_leaves_the_signals_as_they_were_and_can_be_taken_again()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var (first, _) = await app.PersonWithTwoSignalsAsync(coordinator, "Lieke", "Bos");
        var decision = await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.NoAction));
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);

        var noReason = await director.RejectAsync(decision.Id, " ");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(WeighingStatus.PendingApproval, (await director.DecisionAsync(decision.Id)).Status);

        await Expect.StatusAsync(await director.RejectAsync(decision.Id, "Eerst het gesprek met de school afwachten."), HttpStatusCode.OK);
        var rejected = await director.DecisionAsync(decision.Id);
        Assert.Equal(WeighingStatus.Rejected, rejected.Status);
        Assert.Equal("Eerst het gesprek met de school afwachten.", rejected.RejectionReason);
        Assert.Equal(SignalStatus.InWeighing, (await coordinator.SignalAsync(first.Id)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await director.ApproveAsync(decision.Id)).StatusCode);

        var again = await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.AdmitCase));
        Assert.Equal(WeighingStatus.PendingApproval, again.Status);
    }

    [Fact]
    public async Task An_ended_observation_period_is_a_reminder_until_the_person_is_weighed_again()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var (first, _) = await app.PersonWithTwoSignalsAsync(coordinator, "Mats", "Vos");
        var observe = await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.Observe, Today.AddDays(7)));
        using (var director = await app.SignedInAsAsync(Roles.CaseDirector))
        {
            await Expect.StatusAsync(await director.ApproveAsync(observe.Id), HttpStatusCode.OK);
        }
        Assert.DoesNotContain(observe.Id, (await coordinator.ListAsync("due")).Items.Select(i => i.Id));

        app.Time.Advance(TimeSpan.FromDays(8));
        using var later = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        Assert.Contains(observe.Id, (await later.ListAsync("due")).Items.Select(i => i.Id));
        Assert.True((await later.DecisionAsync(observe.Id)).ObservationEnded);
        var home = await later.GetPageAsync("/");
        Assert.Contains("data-testid=\"observation-due\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Mats", home, StringComparison.Ordinal);
        var overview = await later.GetPageAsync("/weighing");
        Assert.Contains($"/weighing/{observe.Id}", overview, StringComparison.Ordinal);

        var again = await later.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.NoAction));
        using (var director = await app.SignedInAsAsync(Roles.CaseDirector))
        {
            await Expect.StatusAsync(await director.ApproveAsync(again.Id), HttpStatusCode.OK);
        }
        var old = await later.DecisionAsync(observe.Id);
        Assert.Equal(WeighingStatus.Superseded, old.Status);
        Assert.Equal(again.Id, old.SupersededByDecisionId);
        Assert.DoesNotContain(observe.Id, (await later.ListAsync("due")).Items.Select(i => i.Id));
        Assert.Equal(SignalStatus.Closed, (await later.SignalAsync(first.Id)).Status);
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_a_clear_message_and_changes_nothing()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var signal = await police.RegisterAsync(await app.SignalAboutAsync("Tess", "Peters"));
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        await Expect.StatusAsync(await director.PostWithVersionAsync($"/api/v1/signals/{signal.Id}/notes", new ReasonInput("Bekend bij het wijkteam."), signal.Version), HttpStatusCode.OK);

        var stale = await coordinator.PostWithVersionAsync($"/api/v1/weighing/signals/{signal.Id}/decisions", WeighingBuilder.Complete(WeighingOutcome.ReferCare), signal.Version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("changed_by_someone_else", (await SignalBuilder.ProblemAsync(stale)).GetProperty("code").GetString());
        Assert.Equal(SignalStatus.New, (await coordinator.SignalAsync(signal.Id)).Status);
        using var noIfMatch = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/weighing/signals/{signal.Id}/decisions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(WeighingBuilder.Complete(WeighingOutcome.ReferCare)),
        };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await coordinator.Http.SendAsync(noIfMatch)).StatusCode);

        var decision = await coordinator.DecidedAsync(signal.Id, WeighingBuilder.Complete(WeighingOutcome.ReferCare));
        var staleApproval = await director.PostWithVersionAsync($"/api/v1/weighing/decisions/{decision.Id}/approve", new { }, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleApproval.StatusCode);
        Assert.Equal(WeighingStatus.PendingApproval, (await director.DecisionAsync(decision.Id)).Status);

        // On the page: the approval form of a version someone else has since changed says so, and changes nothing.
        var page = await director.GetPageAsync($"/weighing/{decision.Id}");
        var response = await director.Http.PostAsync($"/weighing/{decision.Id}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = CasusClient.AntiforgeryToken(page), ["Version"] = Guid.NewGuid().ToString(),
        }));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"conflict\"", body, StringComparison.Ordinal);
        Assert.Equal(WeighingStatus.PendingApproval, (await director.DecisionAsync(decision.Id)).Status);
        Assert.Equal(SignalStatus.InWeighing, (await coordinator.SignalAsync(signal.Id)).Status);
    }

    [Fact]
    public async Task The_pages_weigh_and_approve_without_javascript()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var signal = await police.RegisterAsync(await app.SignalAboutAsync("Noah", "Hendriks"));

        var detail = await coordinator.GetPageAsync($"/signals/{signal.Id}");
        Assert.Contains($"href=\"/signals/{signal.Id}/weigh\"", detail, StringComparison.Ordinal);

        // An empty form: every field says what is missing, and nothing is saved.
        var form = await coordinator.GetPageAsync($"/signals/{signal.Id}/weigh");
        Assert.Contains("Weging: melding " + signal.Reference, form, StringComparison.Ordinal);
        var empty = await coordinator.Http.PostAsync($"/signals/{signal.Id}/weigh", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = CasusClient.AntiforgeryToken(form), ["Version"] = signal.Version.ToString(),
        }));
        await Expect.StatusAsync(empty, HttpStatusCode.OK);
        var errors = await empty.Content.ReadAsStringAsync();
        foreach (var id in new[] { "criteria-error", "outcome-error", "parties-error", "proportionality-error", "subsidiarity-error" })
        {
            Assert.Contains($"id=\"{id}\"", errors, StringComparison.Ordinal);
        }
        Assert.Equal(SignalStatus.New, (await coordinator.SignalAsync(signal.Id)).Status);

        var fields = new List<KeyValuePair<string, string>>
        {
            new("__af", CasusClient.AntiforgeryToken(form)), new("Version", signal.Version.ToString()), new("Outcome", "AdmitCase"),
            new("Criteria", "identified"), new("Criteria", "risk-of-harm"), new("Parties", "municipality"), new("Parties", "police"),
            new("Proportionality", "Dreiging tegen een docent; een gecoördineerde aanpak is in verhouding."),
            new("Subsidiarity", "Alleen zorg of alleen politie volstaat niet."),
        };
        var decided = await coordinator.Http.PostAsync($"/signals/{signal.Id}/weigh", new FormUrlEncodedContent(fields));
        await Expect.StatusAsync(decided, HttpStatusCode.Redirect);
        var decisionPath = decided.Headers.Location!.OriginalString;
        Assert.StartsWith("/weighing/", decisionPath, StringComparison.Ordinal);
        var pending = await coordinator.GetPageAsync(decisionPath);
        Assert.Contains("data-testid=\"awaiting-other\"", pending, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Approve", pending, StringComparison.Ordinal);

        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        var review = await director.GetPageAsync(decisionPath);
        var version = System.Text.RegularExpressions.Regex.Match(review, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
        var approved = await director.Http.PostAsync(decisionPath + "?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = CasusClient.AntiforgeryToken(review), ["Version"] = version,
        }));
        await Expect.StatusAsync(approved, HttpStatusCode.Redirect);
        var done = await director.GetPageAsync(decisionPath);
        Assert.Contains("data-testid=\"decision-case\"", done, StringComparison.Ordinal);
        Assert.Equal(SignalStatus.LinkedToCase, (await coordinator.SignalAsync(signal.Id)).Status);
    }

    [Fact]
    public async Task Weighing_is_out_of_reach_outside_ones_municipalities_and_for_partners()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var brugwater = await police.RegisterAsync(await app.SignalAboutAsync("Julia", "Dekker", "Brugwater"));
        var decision = await coordinator.DecidedAsync(brugwater.Id, WeighingBuilder.Complete(WeighingOutcome.ReferCare));

        // The case director of Lindendal does not work in Brugwater's inbox: the signal and the decision do not exist for them.
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/signals/{brugwater.Id}/weigh")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/weighing/{decision.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/api/v1/weighing/decisions/{decision.Id}")).StatusCode);
        var approve = await director.PostWithVersionAsync($"/api/v1/weighing/decisions/{decision.Id}/approve", new { }, decision.Version);
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        var decide = await director.PostWithVersionAsync($"/api/v1/weighing/signals/{brugwater.Id}/decisions", WeighingBuilder.Complete(WeighingOutcome.NoAction), brugwater.Version);
        Assert.Equal(HttpStatusCode.NotFound, decide.StatusCode);
        Assert.DoesNotContain(decision.Id, (await director.ListAsync("pending")).Items.Select(i => i.Id));
        Assert.Equal(WeighingStatus.PendingApproval, (await coordinator.DecisionAsync(decision.Id)).Status);

        // A partner reports signals but does not weigh them.
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync($"/api/v1/weighing/decisions/{decision.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.PostWithVersionAsync($"/api/v1/weighing/decisions/{decision.Id}/approve", new { }, decision.Version)).StatusCode);
        var page = await police.GetAsync($"/signals/{brugwater.Id}/weigh");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/denied", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.DoesNotContain("/weigh\"", await police.GetPageAsync($"/signals/{brugwater.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_profile_tells_the_form_who_weighs_and_what_can_be_decided()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var response = await coordinator.GetAsync("/api/v1/weighing/profile");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var profile = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<WeighingProfileView>(response.Content, SignalBuilder.Json))!;
        Assert.True(profile.NeedsFourEyes);
        Assert.Equal(["municipality", "police", "public-prosecution"], profile.Parties);
        Assert.Equal(Enum.GetValues<WeighingOutcome>(), profile.Outcomes);
        Assert.Equal("Weging", profile.StepNameNl);
        Assert.Contains(profile.Criteria, c => c.Code == "ideological-motive" && c.TextEn.Length > 0 && c.TextNl.Length > 0);
    }
}

/// <summary>A profile without four eyes (Belgium's local integrated security cell): a decision takes effect at once.</summary>
public sealed class WeighingWithoutFourEyesTests(WeighingWithoutFourEyesTests.BelgianApp app) : IClassFixture<WeighingWithoutFourEyesTests.BelgianApp>
{
    public sealed class BelgianApp() : AppFactory(TestDatabase.Create(), new Dictionary<string, string?> { ["Profile:Key"] = "BE-LIVC-R" });

    [Fact]
    public async Task A_decision_takes_effect_as_soon_as_it_is_recorded()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var (first, second) = await app.PersonWithTwoSignalsAsync(coordinator, "Lars", "Peeters");
        var decision = await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.ReferPolice) with { Parties = ["mayor", "police"] });
        Assert.Equal(WeighingStatus.InEffect, decision.Status);
        foreach (var id in new[] { first.Id, second.Id })
        {
            var s = await coordinator.SignalAsync(id);
            Assert.Equal(SignalStatus.Closed, s.Status);
            Assert.Equal(SignalOutcome.ReferredToPolice, s.Outcome);
        }
        var wrongParty = await coordinator.DecideAsync((await app.PersonWithTwoSignalsAsync(coordinator, "Emma", "Claes")).First.Id, WeighingBuilder.Complete(WeighingOutcome.NoAction));
        Assert.Equal(HttpStatusCode.BadRequest, wrongParty.StatusCode);
    }
}
