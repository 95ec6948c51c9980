using System.Net;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Features.SubjectRights;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.SubjectRights;

/// <summary>Requests: due in a month, decided with a legal ground; restriction freezes and hides, erasure shreds.</summary>
public sealed class HandlingRequestsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_request_is_due_one_month_after_receipt_and_flagged_when_overdue()
    {
        var person = await app.OpenCaseAsync("Evert", "Brinkhorst");
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var received = app.Today().AddDays(-20);
        var request = await privacy.NewRequestAsync(SubjectRequestKind.Rectification, person.Reference, received);
        Assert.Equal(received.AddMonths(1), request.DueOn);
        Assert.False(request.Overdue);
        Assert.Equal(SubjectRequestStatus.Open, request.Status);

        var old = await privacy.NewRequestAsync(SubjectRequestKind.Access, person.Reference, app.Today().AddDays(-40));
        Assert.True(old.Overdue);
        var list = await privacy.GetPageAsync("/privacy/requests");
        Assert.Contains("data-testid=\"overdue\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Brinkhorst", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_and_records_nothing()
    {
        var person = await app.OpenCaseAsync("Femke", "Ruiterberg");
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var before = await app.RequestCountAsync();

        var response = await privacy.PostRequestAsync(new { kind = (string?)null, reference = "Femke Ruiterberg", receivedOn = app.Today().AddDays(2).ToString("yyyy-MM-dd") });
        await Expect.StatusAsync(response, HttpStatusCode.BadRequest);
        var errors = (await SignalBuilder.ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("Kind", out _));
        Assert.Contains("S26-K7MQ2X", errors.GetProperty("Reference")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("ReceivedOn", out _));

        var unknown = await privacy.PostRequestAsync(new NewSubjectRequestInput(SubjectRequestKind.Access, "C26-ZZZZZZ", app.Today()));
        await Expect.StatusAsync(unknown, HttpStatusCode.BadRequest);
        Assert.Equal(before, await app.RequestCountAsync());

        var page = await privacy.SubmitFormAsync("/privacy/requests/new", new Dictionary<string, string> { ["Reference"] = "" });
        await Expect.StatusAsync(page, HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"kind-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"reference-error\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.RequestCountAsync());
        _ = person;
    }

    [Fact]
    public async Task A_refused_erasure_needs_its_art_17_3_ground_and_a_stale_decision_is_refused()
    {
        var person = await app.OpenCaseAsync("Gerrit", "Lamberink");
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var request = await privacy.NewRequestAsync(SubjectRequestKind.Erasure, person.Reference, app.Today());

        var noGround = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/decision", new DecisionInput(SubjectRequestOutcome.Refused, "", null), request.Version);
        await Expect.StatusAsync(noGround, HttpStatusCode.BadRequest);
        Assert.True((await SignalBuilder.ProblemAsync(noGround)).GetProperty("errors").TryGetProperty("LegalGround", out _));
        var noIfMatch = await privacy.PostJsonAsync($"/api/v1/privacy/requests/{request.Id}/decision", new DecisionInput(SubjectRequestOutcome.Refused, "art. 17(3)(b) AVG", null));
        await Expect.StatusAsync(noIfMatch, (HttpStatusCode)428);
        Assert.Equal(SubjectRequestStatus.Open, (await privacy.RequestAsync(request.Id)).Status);

        var decided = await privacy.DecideAsync(request, SubjectRequestOutcome.Refused, "art. 17(3)(b) AVG: wettelijke bewaarplicht", "Casus loopt nog.");
        Assert.Equal(SubjectRequestStatus.Decided, decided.Status);
        Assert.Equal("art. 17(3)(b) AVG: wettelijke bewaarplicht", decided.LegalGround);
        Assert.False(string.IsNullOrEmpty(decided.DecidedByName));
        Assert.NotNull(decided.DecidedAt);

        var stale = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/decision", new DecisionInput(SubjectRequestOutcome.Granted, null, null), request.Version);
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        var again = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/decision", new DecisionInput(SubjectRequestOutcome.Granted, null, null), decided.Version);
        await Expect.StatusAsync(again, HttpStatusCode.Conflict);
        // A refused erasure destroys nothing.
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        Assert.Equal("Lamberink", (await coordinator.SignalAsync(person.SignalId)).Subject.Surname);
    }

    [Fact]
    public async Task A_restriction_freezes_and_hides_the_persons_records_until_it_is_lifted()
    {
        var person = await app.OpenCaseAsync("Hendrika", "Molenkamp");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var signal = await coordinator.SignalAsync(person.SignalId);
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var request = await privacy.NewRequestAsync(SubjectRequestKind.Restriction, person.Reference, app.Today());

        var noGround = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/decision", new DecisionInput(SubjectRequestOutcome.Granted, null, null), request.Version);
        await Expect.StatusAsync(noGround, HttpStatusCode.BadRequest);
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/signals/{person.SignalId}"), HttpStatusCode.OK);

        var restricted = await privacy.DecideAsync(request, SubjectRequestOutcome.Granted, "art. 23(1)(d) AVG: ter bescherming van een politieonderzoek");
        Assert.True(restricted.Restricts);
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/signals/{person.SignalId}"), HttpStatusCode.NotFound);
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/cases/{person.Id}"), HttpStatusCode.NotFound);
        var note = await coordinator.PostWithVersionAsync($"/api/v1/signals/{person.SignalId}/notes", new ReasonInput("Nog een notitie"), signal.Version);
        Assert.Equal(HttpStatusCode.NotFound, note.StatusCode);
        Assert.DoesNotContain(person.Reference, await coordinator.GetPageAsync("/cases"), StringComparison.Ordinal);
        Assert.DoesNotContain(signal.Reference, await coordinator.SearchInboxAsync("Molenkamp"), StringComparison.Ordinal);
        var page = await privacy.GetPageAsync($"/privacy/requests/{request.Id}");
        Assert.Contains("data-testid=\"restricted-banner\"", page, StringComparison.Ordinal);

        var noReason = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/lift", new LiftInput(""), restricted.Version);
        await Expect.StatusAsync(noReason, HttpStatusCode.BadRequest);
        var lift = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/lift", new LiftInput("Het onderzoek is afgerond."), restricted.Version);
        await Expect.StatusAsync(lift, HttpStatusCode.OK);
        Assert.False((await privacy.RequestAsync(request.Id)).Restricts);
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/signals/{person.SignalId}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_granted_erasure_shreds_the_persons_data_keys_and_leaves_others_alone()
    {
        var person = await app.OpenCaseAsync("Ingeborg", "Stroetinga");
        var other = await app.OpenCaseAsync("Jochem", "Tuinstra");
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var erasure = await privacy.NewRequestAsync(SubjectRequestKind.Erasure, person.Reference, app.Today());
        await privacy.DecideAsync(erasure, SubjectRequestOutcome.Granted, null, "Geen grond meer om te bewaren.");

        var keys = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.PersonId == person.PersonId).Select(s => s.DataKeyId)
            .Join(db.Set<PersonDataKey>(), k => k, d => d.Id, (k, d) => d.ShreddedAt).ToListAsync());
        Assert.All(keys, k => Assert.NotNull(k));
        var otherKeys = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.PersonId == other.PersonId).Select(s => s.DataKeyId)
            .Join(db.Set<PersonDataKey>(), k => k, d => d.Id, (k, d) => d.ShreddedAt).ToListAsync());
        Assert.All(otherKeys, k => Assert.Null(k));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SignalLinkKey>().CountAsync(k => k.SignalId == person.SignalId)));

        // An access report afterwards shows that the data was destroyed, not the data.
        var access = await privacy.NewRequestAsync(SubjectRequestKind.Access, person.Reference, app.Today());
        var report = (await privacy.ReportJsonAsync(access.Id)).GetRawText();
        Assert.DoesNotContain("Stroetinga", report, StringComparison.Ordinal);
        Assert.Contains(AccessReport.Destroyed, report, StringComparison.Ordinal);
    }
}
