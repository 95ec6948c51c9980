using System.Net;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Cases;

/// <summary>Who sees a case: runners of its municipality, active members; nobody else, not even that it exists.</summary>
public sealed class SeeingCasesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_coordinator_sees_the_case_with_the_persons_name_its_members_and_timeline()
    {
        var opened = await app.OpenCaseAsync("Yusuf", "Demir");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);

        var page = await coordinator.GetPageAsync($"/cases/{opened.Id}");
        Assert.Contains(opened.Reference, page, StringComparison.Ordinal);
        Assert.Contains("Yusuf Demir", page, StringComparison.Ordinal);
        Assert.Contains("Lindendal", page, StringComparison.Ordinal);
        Assert.Contains("Procesregisseur (demo)", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"case-actions\"", page, StringComparison.Ordinal);

        var detail = await coordinator.CaseAsync(opened.Id);
        Assert.Equal(CaseStage.Intake, detail.Stage);
        Assert.Null(detail.HistoryVisibleFrom);
        Assert.True(detail.CanRun);
        Assert.Contains(detail.Timeline, t => t.Kind == CaseEventKind.Opened);
        Assert.Contains(detail.Timeline, t => t.SignalId == opened.SignalId && t.SignalReference is not null);

        var list = await coordinator.GetPageAsync("/cases");
        Assert.Contains(opened.Reference, list, StringComparison.Ordinal);
        var counts = await coordinator.CaseCountsAsync();
        Assert.True(counts[CaseStage.Intake] >= 1);
    }

    [Fact]
    public async Task The_list_filters_by_stage_and_municipality_searches_by_reference_sorts_and_pages()
    {
        var lindendal = await app.OpenCaseAsync("Anouk", "Smit");
        var brugwater = await app.OpenCaseAsync("Bram", "Kok", "Brugwater");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);

        var inBrugwater = await coordinator.CasesAsync($"municipalityId={await app.MunicipalityIdAsync("Brugwater")}&pageSize=200");
        Assert.Contains(inBrugwater.Items, c => c.Id == brugwater.Id);
        Assert.DoesNotContain(inBrugwater.Items, c => c.Id == lindendal.Id);
        var closed = await coordinator.CasesAsync("stage=Closed");
        Assert.DoesNotContain(closed.Items, c => c.Id == lindendal.Id);

        // The reference is posted, and the list address carries it only as a protected token.
        var redirect = await coordinator.SubmitFormAsync("/cases", new Dictionary<string, string> { ["search"] = brugwater.Reference.ToLowerInvariant() }, "/cases?handler=Filter");
        await Expect.StatusAsync(redirect, HttpStatusCode.Redirect);
        Assert.DoesNotContain(brugwater.Reference, redirect.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var found = await coordinator.GetPageAsync(redirect.Headers.Location!.OriginalString);
        Assert.Contains(brugwater.Reference, found, StringComparison.Ordinal);
        Assert.DoesNotContain(lindendal.Reference, found, StringComparison.Ordinal);

        var none = await coordinator.SubmitFormAsync("/cases", new Dictionary<string, string> { ["search"] = "C00-NOPE" }, "/cases?handler=Filter");
        Assert.Contains("data-testid=\"empty-state\"", await coordinator.GetPageAsync(none.Headers.Location!.OriginalString), StringComparison.Ordinal);

        var byReference = await coordinator.CasesAsync("sort=reference&pageSize=200");
        Assert.Equal(byReference.Items.Select(i => i.Reference).Order(StringComparer.Ordinal), byReference.Items.Select(i => i.Reference));
        var paged = await coordinator.CasesAsync("pageSize=1&page=2");
        Assert.Single(paged.Items);
        Assert.True(paged.Total >= 2);
    }

    [Fact]
    public async Task A_partner_who_is_not_a_member_sees_nothing_of_the_case()
    {
        var opened = await app.OpenCaseAsync("Sanne", "Jansen");
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);

        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/cases/{opened.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/api/v1/cases/{opened.Id}")).StatusCode);
        var list = await police.CasesAsync();
        Assert.DoesNotContain(list.Items, c => c.Id == opened.Id);
        Assert.Equal(list.Total, (await police.CaseCountsAsync()).Values.Sum());
        var search = await police.PostJsonAsync("/api/v1/cases/search", new CaseSearch(opened.Reference));
        await Expect.StatusAsync(search, HttpStatusCode.OK);
        Assert.DoesNotContain(opened.Reference, await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(opened.Reference, await police.GetPageAsync("/cases"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_director_of_Lindendal_sees_nothing_of_a_case_in_Brugwater()
    {
        var brugwater = await app.OpenCaseAsync("Tim", "Bos", "Brugwater");
        var lindendal = await app.OpenCaseAsync("Eva", "Mulder");
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);

        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/cases/{brugwater.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/api/v1/cases/{brugwater.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/cases/{brugwater.Id}/stage")).StatusCode);
        var version = await app.WithDbAsync(db => db.Set<Case>().Where(c => c.Id == brugwater.Id).Select(c => c.Version).SingleAsync());
        var close = await director.PostWithVersionAsync($"/api/v1/cases/{brugwater.Id}/close", new CloseCaseInput(CaseOutcome.Other, "Niet van ons."), version);
        Assert.Equal(HttpStatusCode.NotFound, close.StatusCode);

        var list = await director.CasesAsync();
        Assert.DoesNotContain(list.Items, c => c.Id == brugwater.Id);
        Assert.Contains(list.Items, c => c.Id == lindendal.Id);
        Assert.All(list.Items, c => Assert.Equal("Lindendal", c.MunicipalityName));
        Assert.Equal(list.Total, (await director.CaseCountsAsync()).Values.Sum());
        Assert.DoesNotContain("Brugwater", await director.GetPageAsync("/cases"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await director.GetAsync($"/cases/{lindendal.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_member_sees_the_case_from_the_moment_they_were_added_under_the_NL_profile()
    {
        var opened = await app.OpenCaseAsync("Lars", "Hendriks");
        app.Time.Advance(TimeSpan.FromMinutes(5));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var policeId = await app.UserIdAsync("police@casus.demo");
        await coordinator.AddMemberAsync(opened.Id, policeId, app.Today(), app.Today().AddDays(30), purpose: "Delen van politie-informatie", legalBasis: "Wpg art. 20");

        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var detail = await police.CaseAsync(opened.Id);
        Assert.False(detail.CanRun);
        Assert.NotNull(detail.HistoryVisibleFrom);
        Assert.Equal("Lars Hendriks", detail.PersonName);
        // What happened before they joined (the opening, the signal) is not theirs to read; their own joining is.
        Assert.DoesNotContain(detail.Timeline, t => t.Kind == CaseEventKind.Opened);
        Assert.DoesNotContain(detail.Timeline, t => t.SignalReference is not null);
        Assert.Contains(detail.Timeline, t => t.Kind == CaseEventKind.MemberAdded);
        var page = await police.GetPageAsync($"/cases/{opened.Id}");
        Assert.Contains("data-testid=\"history-limited\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"case-actions\"", page, StringComparison.Ordinal);
        Assert.Contains((await police.CasesAsync()).Items, c => c.Id == opened.Id);

        var forCoordinator = await coordinator.CaseAsync(opened.Id);
        Assert.Contains(forCoordinator.Timeline, t => t.Kind == CaseEventKind.Opened);
        var member = Assert.Single(forCoordinator.Members);
        Assert.Equal(("Politie eenheid Rivierenland", Roles.PartnerProfessional, "Wpg art. 20", MembershipStatus.Active),
            (member.OrganisationName, member.Role, member.LegalBasis, member.Status));
    }

    [Fact]
    public async Task Reading_and_changing_a_case_is_in_the_processing_log()
    {
        var opened = await app.OpenCaseAsync("Iris", "Peters");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var detail = await coordinator.CaseAsync(opened.Id);
        var moved = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/transitions",
            new StageChangeInput(CaseStage.InConsultation, "Aangemeld voor het casusoverleg van dinsdag."), detail.Version);
        await Expect.StatusAsync(moved, HttpStatusCode.OK);

        var pseudonym = app.Services.GetRequiredService<SubjectPseudonymizer>().Pseudonymize("person", opened.PersonId);
        var records = await app.WithDbAsync(db => db.ProcessingLog.Where(r => r.SubjectPseudonym == pseudonym && r.ProcessingActivityId == CaseActivities.Cases.Id)
            .OrderBy(r => r.Sequence).Select(r => r.Name).ToListAsync());
        Assert.Equal(["read", "update"], records);
    }

    [Fact]
    public async Task The_start_page_counts_cases_by_stage()
    {
        await app.OpenCaseAsync("Daan", "Vos");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var home = await coordinator.GetPageAsync("/");
        Assert.Contains("data-testid=\"cases-by-stage\"", home, StringComparison.Ordinal);
        Assert.Contains("/cases?stage=Intake", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/cases\"", home, StringComparison.Ordinal);
    }
}
