using System.Net;
using System.Net.Http.Json;
using System.Text;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.ActionPlans;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.ActionPlans;

/// <summary>
/// The integrated action plan: three goals, a task finished by the responsible partner, a review that moves the next
/// review date, the PDF, and what happens to outsiders, stale versions and bad input.
/// </summary>
public sealed class WorkingWithTheActionPlanTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_plan_with_three_goals_gets_a_task_the_partner_finishes_and_a_review_that_moves_the_next_review()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, "Verbeek");
        var plan = await coordinator.PlanAsync(planned.Case.Id);
        Assert.Equal(3, plan.Goals.Count);
        Assert.Equal([LifeDomain.Education, LifeDomain.Family, LifeDomain.Ideology], plan.Goals.Select(g => g.Domain));
        Assert.Equal(app.Today().AddDays(91), plan.NextReviewOn);
        Assert.True(plan.CanEdit);

        var today = app.Today();
        var changed = await coordinator.AddPoliceActionAsync(planned.Case.Id, plan.Version, plan.Goals[2].Id, "Exitprogramma", today, today.AddDays(5));
        Assert.Equal(2, changed.Number);

        // The task is on the police partner's list of open work, due soon; the start page counts it.
        using var police = await app.PoliceAsync();
        var work = await WorkAsync(police);
        var task = Assert.Single(work.Mine, w => w.CaseId == planned.Case.Id);
        Assert.True(task.DueSoon);
        Assert.False(task.Overdue);
        Assert.Contains("data-testid=\"work-counts\"", await police.GetPageAsync("/"), StringComparison.Ordinal);

        // The police member reads the plan and finishes the task with a result.
        var partnerView = await police.PlanAsync(planned.Case.Id);
        Assert.False(partnerView.CanEdit);
        var finished = await ActionPlanBuilder.ChangedAsync(await police.PostWithVersionAsync(
            $"/api/v1/cases/{planned.Case.Id}/plan/actions/{task.ActionId}/finish", new TaskResultInput("Eerste gesprekken gevoerd, deelname loopt."), partnerView.Version));
        Assert.Equal(3, finished.Number);
        plan = await coordinator.PlanAsync(planned.Case.Id);
        var done = Assert.Single(plan.Actions);
        Assert.Equal((PlanActionStatus.Done, "Eerste gesprekken gevoerd, deelname loopt."), (done.Status, done.Result));
        Assert.DoesNotContain(await WorkAsync(police) is var after ? after.Mine : [], w => w.ActionId == task.ActionId);

        // A review a month later: progress per goal, decision; the next review moves to the interval after it.
        app.Time.Advance(TimeSpan.FromDays(30));
        // Sessions do not last a month: the coordinator signs in again.
        using var later = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var reviewed = await ActionPlanBuilder.ChangedAsync(await later.PostWithVersionAsync($"/api/v1/cases/{planned.Case.Id}/plan/reviews",
            new ReviewInput(ReviewDecision.Continue, plan.Goals.Select(g => new GoalProgress(g.Id, "Gaat de goede kant op.")).ToList(), "Doorgaan zoals gepland.", null),
            plan.Version));
        plan = await later.PlanAsync(planned.Case.Id);
        Assert.Equal(app.Today().AddDays(91), plan.NextReviewOn);
        var review = Assert.Single(plan.Reviews);
        Assert.Equal((ReviewDecision.Continue, 3), (review.Decision, review.Progress.Count));
        Assert.Equal(4, reviewed.Number);
        Assert.Equal([4, 3, 2, 1], plan.Versions.Select(v => v.Number));

        // Every change is on the case's timeline; goals and results are encrypted at rest.
        var detail = await later.CaseAsync(planned.Case.Id);
        Assert.Equal(4, detail.Timeline.Count(e => e.Kind == CaseEventKind.PlanChanged));
        Assert.False(await app.WithDbAsync(db => db.Set<PlanGoal>().AnyAsync(g => g.DescriptionCiphertext.Contains("diploma"))));
        Assert.False(await app.WithDbAsync(db => db.Set<PlanAction>().AnyAsync(a => a.ResultCiphertext!.Contains("gesprekken"))));
    }

    [Fact]
    public async Task The_plan_prints_to_PDF_in_the_readers_language_with_organisations_and_no_staff_names()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, "Pieters");
        var plan = await coordinator.PlanAsync(planned.Case.Id);
        await coordinator.AddPoliceActionAsync(planned.Case.Id, plan.Version, plan.Goals[0].Id, "Mentoraat", app.Today(), app.Today().AddDays(60));

        var response = await coordinator.GetAsync($"/api/v1/cases/{planned.Case.Id}/plan/document");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (Environment.GetEnvironmentVariable("CASUS_PLAN_PDF_OUT") is { Length: > 0 } output)
        {
            await File.WriteAllBytesAsync(output, bytes);
        }
        var text = Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF", text, StringComparison.Ordinal);
        Assert.Contains("Weer naar school", text, StringComparison.Ordinal);
        Assert.Contains("Afstand nemen van het extremistische netwerk.", text, StringComparison.Ordinal);
        Assert.Contains("Mentoraat", text, StringComparison.Ordinal);
        Assert.Contains("police@rivierenland.casus.demo", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Procesregisseur (demo)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ketenpartner politie", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sami", text, StringComparison.Ordinal);

        // In English for an English reader.
        using var english = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases/{planned.Case.Id}/plan/document");
        english.Headers.AcceptLanguage.ParseAdd("en-GB");
        var englishBytes = await (await coordinator.Http.SendAsync(english)).Content.ReadAsByteArrayAsync();
        if (Environment.GetEnvironmentVariable("CASUS_PLAN_PDF_OUT") is { Length: > 0 } englishOutput)
        {
            await File.WriteAllBytesAsync(englishOutput + ".en.pdf", englishBytes);
        }
        var inEnglish = Encoding.Latin1.GetString(englishBytes);
        Assert.Contains("Action plan, case " + planned.Case.Reference, inEnglish, StringComparison.Ordinal);
        Assert.Contains("Education", inEnglish, StringComparison.Ordinal);
        Assert.Contains("Plan van aanpak, casus " + planned.Case.Reference, text, StringComparison.Ordinal);

        // The police member may download it too; an outsider gets nothing.
        using var police = await app.PoliceAsync();
        await Expect.StatusAsync(await police.GetAsync($"/api/v1/cases/{planned.Case.Id}/plan/document"), HttpStatusCode.OK);
        using var outsider = await app.SignedInAsAsync(Roles.OccasionalPartner);
        await Expect.StatusAsync(await outsider.GetAsync($"/api/v1/cases/{planned.Case.Id}/plan/document"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Someone_outside_the_case_gets_nothing_of_the_plan_or_its_tasks()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, "Hendriks");
        var plan = await coordinator.PlanAsync(planned.Case.Id);
        var changed = await coordinator.AddPoliceActionAsync(planned.Case.Id, plan.Version, plan.Goals[0].Id, "Mentoraat", app.Today(), app.Today().AddDays(20));
        var actionId = (await coordinator.PlanAsync(planned.Case.Id)).Actions.Single().Id;

        using var outsider = await app.SignedInAsAsync(Roles.OccasionalPartner);
        await Expect.StatusAsync(await outsider.GetAsync($"/api/v1/cases/{planned.Case.Id}/plan"), HttpStatusCode.NotFound);
        await Expect.StatusAsync(await outsider.PostWithVersionAsync($"/api/v1/cases/{planned.Case.Id}/plan/actions/{actionId}/finish",
            new TaskResultInput("Klaar."), changed.Version), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/cases/{planned.Case.Id}/plan")).StatusCode);
        Assert.DoesNotContain((await WorkAsync(outsider)).Mine, w => w.CaseId == planned.Case.Id);
        Assert.DoesNotContain(planned.Case.Reference, await outsider.GetPageAsync("/work"), StringComparison.Ordinal);

        // A partner may read but not change the plan.
        using var police = await app.PoliceAsync();
        await Expect.StatusAsync(await police.PostWithVersionAsync($"/api/v1/cases/{planned.Case.Id}/plan/goals",
            new GoalInput(LifeDomain.Work, "Werk."), changed.Version), HttpStatusCode.Forbidden);
        Assert.Equal(changed.Number, (await coordinator.PlanAsync(planned.Case.Id)).Number);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_changes_nothing()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, "Jansen");
        await ActionPlanBuilder.ChangedAsync(await coordinator.PostWithVersionAsync($"/api/v1/cases/{planned.Case.Id}/plan/goals",
            new GoalInput(LifeDomain.Work, "Een stageplek vinden."), planned.Plan.Version));

        var stale = await coordinator.PostWithVersionAsync($"/api/v1/cases/{planned.Case.Id}/plan/goals",
            new GoalInput(LifeDomain.Housing, "Zelfstandig wonen."), planned.Plan.Version);
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        var plan = await coordinator.PlanAsync(planned.Case.Id);
        Assert.Equal(4, plan.Goals.Count);
        Assert.Equal(2, plan.Number);
        // Without If-Match the change is not tried at all.
        await Expect.StatusAsync(await coordinator.PostJsonAsync($"/api/v1/cases/{planned.Case.Id}/plan/goals", new GoalInput(LifeDomain.Housing, "Wonen.")),
            (HttpStatusCode)428);
    }

    public static TheoryData<string, ActionInput, string> InvalidActions => new()
    {
        { "no intervention", new ActionInput(null, Guid.Empty, new DateOnly(2030, 1, 1), new DateOnly(2030, 2, 1)), "InterventionId" },
        { "not in the catalogue", new ActionInput(Guid.NewGuid(), Guid.Empty, new DateOnly(2030, 1, 1), new DateOnly(2030, 2, 1)), "InterventionId" },
        { "organisation not in the case", new ActionInput(Guid.Empty, Guid.NewGuid(), new DateOnly(2030, 1, 1), new DateOnly(2030, 2, 1)), "ResponsibleOrganisationId" },
        { "due before start", new ActionInput(Guid.Empty, Guid.Empty, new DateOnly(2030, 2, 1), new DateOnly(2030, 1, 1)), "DueOn" },
        { "no due date", new ActionInput(Guid.Empty, Guid.Empty, new DateOnly(2030, 2, 1), null), "DueOn" },
    };

    [Theory]
    [MemberData(nameof(InvalidActions))]
    public async Task Bad_input_gives_a_clear_error_and_changes_nothing(string what, ActionInput input, string field)
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, what.Replace(" ", "", StringComparison.Ordinal));
        var plan = await coordinator.PlanAsync(planned.Case.Id);
        var choices = await coordinator.ChoicesAsync(planned.Case.Id);
        // Guid.Empty stands for "a valid one".
        input = input with
        {
            InterventionId = input.InterventionId == Guid.Empty ? choices.Interventions[0].Id : input.InterventionId,
            ResponsibleOrganisationId = input.ResponsibleOrganisationId == Guid.Empty ? choices.Organisations[0].Id : input.ResponsibleOrganisationId,
        };
        var response = await coordinator.PostWithVersionAsync($"/api/v1/cases/{planned.Case.Id}/plan/goals/{plan.Goals[0].Id}/actions", input, plan.Version);
        await Expect.StatusAsync(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), what);
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        var after = await coordinator.PlanAsync(planned.Case.Id);
        Assert.Equal((plan.Number, plan.Version, 0), (after.Number, after.Version, after.Actions.Count()));
    }

    [Fact]
    public async Task A_review_needs_a_decision_and_progress_for_every_goal()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, "Smit");
        var plan = await coordinator.PlanAsync(planned.Case.Id);
        var response = await coordinator.PostWithVersionAsync($"/api/v1/cases/{planned.Case.Id}/plan/reviews",
            new ReviewInput(null, [new GoalProgress(plan.Goals[0].Id, "Goed.")], null, Guid.NewGuid()), plan.Version);
        await Expect.StatusAsync(response, HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Decision", body, StringComparison.Ordinal);
        Assert.Contains("Progress." + plan.Goals[1].Id, body, StringComparison.Ordinal);
        Assert.Contains("AssessmentId", body, StringComparison.Ordinal);
        var after = await coordinator.PlanAsync(planned.Case.Id);
        Assert.Empty(after.Reviews);
        Assert.Equal(plan.NextReviewOn, after.NextReviewOn);
    }

    [Fact]
    public async Task Overdue_work_shows_to_the_partner_and_to_the_coordinator()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var planned = await app.PlannedCaseAsync(coordinator, "Dekker");
        var plan = await coordinator.PlanAsync(planned.Case.Id);
        await coordinator.AddPoliceActionAsync(planned.Case.Id, plan.Version, plan.Goals[1].Id, "Gezinsondersteuning", app.Today(), app.Today().AddDays(3));
        app.Time.Advance(TimeSpan.FromDays(5));

        using var later = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var police = await app.PoliceAsync();
        Assert.True(Assert.Single((await WorkAsync(police)).Mine, w => w.CaseId == planned.Case.Id).Overdue);
        var overdue = Assert.Single((await WorkAsync(later)).OverdueInRunCases, w => w.CaseId == planned.Case.Id);
        Assert.Equal("Gezinsondersteuning", overdue.InterventionName);
        Assert.Contains("data-testid=\"plan-overdue\"", await later.GetPageAsync($"/cases/{planned.Case.Id}"), StringComparison.Ordinal);
        Assert.Contains(planned.Case.Reference, await later.GetPageAsync("/work"), StringComparison.Ordinal);
    }

    private static async Task<WorkList> WorkAsync(CasusClient client)
    {
        var response = await client.GetAsync("/api/v1/work");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<WorkList>(SignalBuilder.Json))!;
    }
}
