using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.ActionPlans;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Demo;
using Casus.Web.Features.Evaluations;
using Casus.Web.Features.Interventions;
using Casus.Web.Features.Shared;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Evaluations;

/// <summary>
/// The evaluation of a closed case: recorded by its runners without personal data, shown to the region as a lesson
/// learned without case, person or staff, out of reach of everyone else, and kept when the case's data are destroyed.
/// </summary>
public sealed class EvaluatingACaseTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly EvaluationInput Lessons = new(
        "Een vaste mentor van school die elke week langskwam, gaf rust en vertrouwen.",
        "De eerste weken duurde het te lang voordat de jeugdzorg aansloot.",
        "Korte lijnen tussen wijkagent en leerplicht maakten snel schakelen mogelijk.");

    [Fact]
    public async Task A_runner_records_the_evaluation_of_a_closed_case_and_the_region_learns_from_it_without_reference_or_name()
    {
        ActionPlanBuilder.PlannedCase planned;
        using (var planner = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            planned = await app.PlannedCaseAsync(planner, "Verhoeven");
            var plan = await planner.PlanAsync(planned.Case.Id);
            await planner.AddPoliceActionAsync(planned.Case.Id, plan.Version, plan.Goals[0].Id, "Mentoraat", app.Today(), app.Today().AddDays(30));
        }
        app.Time.Advance(TimeSpan.FromDays(40));
        // Forty days later the session has long ended: sign in again.
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await CloseAsync(coordinator, planned.Case.Id);
        var page = await coordinator.GetPageAsync($"/cases/{planned.Case.Id}");
        Assert.Contains($"href=\"/cases/{planned.Case.Id}/evaluation\"", page, StringComparison.Ordinal);

        var before = await EvaluationAsync(coordinator, planned.Case.Id);
        Assert.True(before.CanEvaluate);
        Assert.Null(before.Version);
        Assert.Equal(CaseOutcome.RiskReduced, before.Figures.Outcome);
        // Forty days on the clock, plus the seconds each sign-in moves it: 41 when that crosses midnight.
        Assert.InRange(before.Figures.DurationDays!.Value, 40, 41);
        Assert.Equal([Phenomenon.Jihadism], before.Figures.Phenomena);
        Assert.Equal([InterventionKind.SecondaryPrevention], before.Figures.InterventionKinds);
        Assert.Contains("Lindendal", await coordinator.GetPageAsync($"/cases/{planned.Case.Id}/evaluation"), StringComparison.Ordinal);

        var lessons = Lessons with { WhatWorked = "Het mentoraat op school gaf houvast; de mentor was er elke week." };
        var recorded = await coordinator.PutJsonAsync($"/api/v1/cases/{planned.Case.Id}/evaluation", lessons, null);
        await Expect.StatusAsync(recorded, HttpStatusCode.OK);
        Assert.NotNull(recorded.Headers.ETag);
        var detail = await coordinator.CaseAsync(planned.Case.Id);
        Assert.Contains(detail.Timeline, t => t.Kind == CaseEventKind.Evaluated && t.ActorName == "Procesregisseur (demo)");
        Assert.Contains("Casus geëvalueerd", WebUtility.HtmlDecode(await coordinator.GetPageAsync($"/cases/{planned.Case.Id}")), StringComparison.Ordinal);

        using var regional = await app.SignedInAsAsync(Roles.RegionalCoordinator);
        var lesson = Assert.Single((await LessonsAsync(regional)).Items, l => l.WhatWorked == lessons.WhatWorked);
        Assert.Equal(("Lindendal", CaseOutcome.RiskReduced, before.Figures.DurationDays), (lesson.MunicipalityName, lesson.Outcome, (int?)lesson.DurationDays));
        Assert.Equal([InterventionKind.SecondaryPrevention], lesson.InterventionKinds);
        var json = await (await regional.GetAsync("/api/v1/evaluations?pageSize=200")).Content.ReadAsStringAsync();
        var list = await regional.GetPageAsync("/evaluations");
        var coordinatorId = (await app.UserIdAsync("coordinator@casus.demo")).ToString();
        foreach (var shown in new[] { json, list })
        {
            Assert.Contains("Korte lijnen tussen wijkagent", shown, StringComparison.Ordinal);
            Assert.DoesNotContain(planned.Case.Reference, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(planned.Case.Id.ToString(), shown, StringComparison.Ordinal);
            Assert.DoesNotContain("Verhoeven", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("Sami", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("Procesregisseur", shown, StringComparison.Ordinal);
            Assert.DoesNotContain(coordinatorId, shown, StringComparison.Ordinal);
        }

        // Searching the lessons: the term travels in a body, never in an address.
        var found = await regional.PostJsonAsync("/api/v1/evaluations/search", new LessonSearch("MENTOR WAS ER"));
        Assert.Contains((await found.Content.ReadFromJsonAsync<PageOf<LessonItem>>(SignalBuilder.Json))!.Items, l => l.Id == lesson.Id);
        var none = await regional.PostJsonAsync("/api/v1/evaluations/search", new LessonSearch("onvindbaar woord"));
        Assert.Empty((await none.Content.ReadFromJsonAsync<PageOf<LessonItem>>(SignalBuilder.Json))!.Items);
        var otherOutcome = await regional.GetAsync("/api/v1/evaluations?outcome=MovedAway");
        Assert.DoesNotContain((await otherOutcome.Content.ReadFromJsonAsync<PageOf<LessonItem>>(SignalBuilder.Json))!.Items, l => l.Id == lesson.Id);
        var posted = await regional.SubmitFormAsync("/evaluations", new Dictionary<string, string> { ["search"] = "wijkagent" }, "/evaluations?handler=Filter");
        await Expect.StatusAsync(posted, HttpStatusCode.Redirect);
        var location = posted.Headers.Location!.OriginalString;
        Assert.DoesNotContain("wijkagent", location, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Korte lijnen", await regional.GetPageAsync(location), StringComparison.Ordinal);
        var empty = await regional.SubmitFormAsync("/evaluations", new Dictionary<string, string> { ["search"] = "onvindbaar woord" }, "/evaluations?handler=Filter");
        Assert.Contains("data-testid=\"empty-state\"", await regional.GetPageAsync(empty.Headers.Location!.OriginalString), StringComparison.Ordinal);

        // The case director of the municipality reads the lessons too; a partner does not.
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        Assert.Contains((await LessonsAsync(director)).Items, l => l.Id == lesson.Id);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await Expect.StatusAsync(await police.GetAsync("/api/v1/evaluations"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_open_case_cannot_be_evaluated()
    {
        var opened = await app.OpenCaseAsync("Lotte", "Hendriks");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var response = await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", Lessons, null);
        await Expect.StatusAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("case_open", (await SignalBuilder.ProblemAsync(response)).GetProperty("code").GetString());
        Assert.False(await app.WithDbAsync(db => db.Set<CaseEvaluation>().AnyAsync(e => e.CaseId == opened.Id)));
        Assert.Contains("data-testid=\"case-open\"", await coordinator.GetPageAsync($"/cases/{opened.Id}/evaluation"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/cases/{opened.Id}/evaluation", await coordinator.GetPageAsync($"/cases/{opened.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_with_the_persons_surname_or_other_identifying_data_is_refused_and_nothing_is_stored()
    {
        var opened = await app.OpenCaseAsync("Daan", "Schouten");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await CloseAsync(coordinator, opened.Id);

        coordinator.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation",
            Lessons with { WhatWorked = "De gesprekken met schouten thuis werkten.", Cooperation = $"Zie {opened.Reference}; bel 06-12345678." }, null);
        await Expect.StatusAsync(response, HttpStatusCode.BadRequest);
        var errors = (await SignalBuilder.ProblemAsync(response)).GetProperty("errors");
        Assert.Equal("Leave out what identifies the person: the text contains their name.", errors.GetProperty("WhatWorked")[0].GetString());
        Assert.Equal(2, errors.GetProperty("Cooperation").GetArrayLength());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("06-12345678", body, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<CaseEvaluation>().AnyAsync(e => e.CaseId == opened.Id)));

        // On the page: the message at the field, what was typed kept, nothing stored.
        var page = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/evaluation",
            new Dictionary<string, string> { ["WhatWorked"] = "Daan reageerde goed op de mentor." });
        await Expect.StatusAsync(page, HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"what-worked-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Daan reageerde goed", html, StringComparison.Ordinal);
        var empty = await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", new EvaluationInput(" ", null, ""), null);
        await Expect.StatusAsync(empty, HttpStatusCode.BadRequest);
        Assert.False(await app.WithDbAsync(db => db.Set<CaseEvaluation>().AnyAsync(e => e.CaseId == opened.Id)));
        Assert.Null((await EvaluationAsync(coordinator, opened.Id)).Version);
    }

    [Fact]
    public async Task A_partner_member_and_an_occasional_partner_are_refused_and_nothing_is_stored()
    {
        var opened = await app.OpenCaseAsync("Ruben", "Kuipers");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await coordinator.AddMemberAsync(opened.Id, await app.UserIdAsync("police@casus.demo"), app.Today(), null);
        await CloseAsync(coordinator, opened.Id);

        foreach (var role in new[] { Roles.PartnerProfessional, Roles.OccasionalPartner })
        {
            using var other = await app.SignedInAsAsync(role);
            // Evaluating is for those who run the case: a partner, member or not, is refused by role.
            await Expect.StatusAsync(await other.GetAsync($"/api/v1/cases/{opened.Id}/evaluation"), HttpStatusCode.Forbidden);
            await Expect.StatusAsync(await other.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", Lessons, null), HttpStatusCode.Forbidden);
            var page = await other.GetAsync($"/cases/{opened.Id}/evaluation");
            await Expect.StatusAsync(page, HttpStatusCode.Redirect);
            Assert.StartsWith("/account/denied", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
        Assert.False(await app.WithDbAsync(db => db.Set<CaseEvaluation>().AnyAsync(e => e.CaseId == opened.Id)));
    }

    [Fact]
    public async Task Changing_needs_the_current_version_and_a_stale_one_is_refused()
    {
        var opened = await app.OpenCaseAsync("Femke", "Jacobs");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await CloseAsync(coordinator, opened.Id);

        // Recorded on the page first.
        var recorded = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/evaluation",
            new Dictionary<string, string> { ["WhatWorked"] = "Huisbezoeken samen met de jeugdarts." });
        await Expect.StatusAsync(recorded, HttpStatusCode.Redirect);
        var first = await EvaluationAsync(coordinator, opened.Id);
        Assert.Equal("Huisbezoeken samen met de jeugdarts.", first.WhatWorked);

        var noIfMatch = await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", Lessons, null);
        await Expect.StatusAsync(noIfMatch, HttpStatusCode.PreconditionRequired);
        var changed = await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", Lessons, $"\"{first.Version:N}\"");
        await Expect.StatusAsync(changed, HttpStatusCode.OK);
        var stale = await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", Lessons with { WhatWorked = "Iets anders." }, $"\"{first.Version:N}\"");
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal("changed_by_someone_else", (await SignalBuilder.ProblemAsync(stale)).GetProperty("code").GetString());
        Assert.Equal(Lessons.WhatWorked, (await EvaluationAsync(coordinator, opened.Id)).WhatWorked);

        // On the page: the conflict is explained and what was typed stays.
        var page = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/evaluation",
            new Dictionary<string, string> { ["Version"] = first.Version!.Value.ToString(), ["WhatWorked"] = "Mijn eigen les." });
        await Expect.StatusAsync(page, HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"conflict\"", html, StringComparison.Ordinal);
        Assert.Contains("Mijn eigen les.", html, StringComparison.Ordinal);
        Assert.Equal(Lessons.WhatWorked, (await EvaluationAsync(coordinator, opened.Id)).WhatWorked);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<CaseEvaluation>().CountAsync(e => e.CaseId == opened.Id)));
    }

    [Fact]
    public async Task The_regional_coordinator_of_another_region_does_not_see_the_lessons()
    {
        var opened = await app.OpenCaseAsync("Mila", "Brouwer");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await CloseAsync(coordinator, opened.Id);
        await Expect.StatusAsync(await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", Lessons, null), HttpStatusCode.OK);
        using var regional = await app.SignedInAsAsync(Roles.RegionalCoordinator);
        Assert.NotEmpty((await LessonsAsync(regional)).Items);

        using var elsewhere = await OtherRegionsCoordinatorAsync();
        Assert.Empty((await LessonsAsync(elsewhere)).Items);
        var page = await elsewhere.GetPageAsync("/evaluations");
        Assert.Contains("data-testid=\"empty-state\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Korte lijnen", page, StringComparison.Ordinal);
        await Expect.StatusAsync(await elsewhere.GetAsync($"/api/v1/cases/{opened.Id}/evaluation"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_evaluation_survives_the_destruction_of_the_cases_data_key()
    {
        var opened = await app.OpenCaseAsync("Sven", "Willems");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await CloseAsync(coordinator, opened.Id);
        var lessons = Lessons with { WhatWorked = "Een sportcoach als vast aanspreekpunt werkte goed." };
        await Expect.StatusAsync(await coordinator.PutJsonAsync($"/api/v1/cases/{opened.Id}/evaluation", lessons, null), HttpStatusCode.OK);

        // Retention destroys the case: its data key is shredded and the case becomes a tombstone.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
            var @case = await db.Set<Case>().SingleAsync(c => c.Id == opened.Id);
            await scope.ServiceProvider.GetRequiredService<PersonDataProtector>().ShredAsync(@case.DataKeyId);
            @case.DestroyedAt = app.Time.GetUtcNow();
            await db.SaveChangesAsync();
        }

        using var regional = await app.SignedInAsAsync(Roles.RegionalCoordinator);
        var lesson = Assert.Single((await LessonsAsync(regional)).Items, l => l.WhatWorked == lessons.WhatWorked);
        Assert.Equal(lessons.Cooperation, lesson.Cooperation);
        Assert.Contains("sportcoach", await regional.GetPageAsync("/evaluations"), StringComparison.Ordinal);
        // The case itself is gone: its evaluation can no longer be changed through it.
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/cases/{opened.Id}/evaluation"), HttpStatusCode.Gone);
    }

    private static async Task CloseAsync(CasusClient coordinator, Guid caseId)
    {
        var version = (await coordinator.CaseAsync(caseId)).Version;
        var closed = await coordinator.PostWithVersionAsync($"/api/v1/cases/{caseId}/close", new CloseCaseInput(CaseOutcome.RiskReduced, "Doelen bereikt."), version);
        await Expect.StatusAsync(closed, HttpStatusCode.OK);
    }

    private static async Task<EvaluationView> EvaluationAsync(CasusClient client, Guid caseId)
    {
        var response = await client.GetAsync($"/api/v1/cases/{caseId}/evaluation");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<EvaluationView>(SignalBuilder.Json))!;
    }

    private static async Task<PageOf<LessonItem>> LessonsAsync(CasusClient client)
    {
        var response = await client.GetAsync("/api/v1/evaluations?pageSize=200");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PageOf<LessonItem>>(SignalBuilder.Json))!;
    }

    /// <summary>A regional coordinator of a second region, signed in as a person would.</summary>
    private async Task<CasusClient> OtherRegionsCoordinatorAsync()
    {
        const string email = "regional@noord.test";
        const string secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CasusUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var now = app.Time.GetUtcNow();
                var region = new Region { Name = "Regio Noorderkwartier (test)", ProfileKey = "NL-PGA", CreatedAt = now };
                var organisation = new Organisation { Name = "Regionaal bureau Noorderkwartier", RegionId = region.Id, Type = OrganisationType.RegionalOffice, CreatedAt = now };
                db.AddRange(region, organisation);
                await db.SaveChangesAsync();
                var user = new CasusUser
                {
                    UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Regionaal adviseur Noord", OrganisationId = organisation.Id,
                    TwoFactorEnabled = true, CreatedAt = now, SecondFactorEnrolledAt = now,
                };
                Assert.True((await users.CreateAsync(user, DemoRegion.Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, Roles.RegionalCoordinator)).Succeeded);
                Assert.True((await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", secret)).Succeeded);
            }
        }
        var client = app.CreateCasusClient();
        await client.SignInAsync(email, DemoRegion.Password, secret);
        return client;
    }
}
