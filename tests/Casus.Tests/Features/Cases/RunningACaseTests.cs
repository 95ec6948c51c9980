using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Cases;

/// <summary>The lifecycle of a case, its coordinator, and what happens with invalid or concurrent changes.</summary>
public sealed class RunningACaseTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_case_goes_through_its_lifecycle_and_every_step_records_who_when_and_why()
    {
        var opened = await app.OpenCaseAsync("Milan", "de Boer");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var version = (await coordinator.CaseAsync(opened.Id)).Version;

        version = await MoveAsync(coordinator, opened.Id, version, new StageChangeInput(CaseStage.InConsultation, "Besproken in het casusoverleg."));
        version = await MoveAsync(coordinator, opened.Id, version, new StageChangeInput(CaseStage.ActionPlanActive, "Plan van aanpak vastgesteld."));
        version = await MoveAsync(coordinator, opened.Id, version, new StageChangeInput(CaseStage.Monitoring, "Interventies lopen."));
        // A back-step: monitoring shows new risk.
        version = await MoveAsync(coordinator, opened.Id, version, new StageChangeInput(CaseStage.ActionPlanActive, "Nieuwe dreigingen online."));
        version = await MoveAsync(coordinator, opened.Id, version, new StageChangeInput(CaseStage.Monitoring, "Weer rustig."));
        var close = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/close", new CloseCaseInput(CaseOutcome.RiskReduced, "Doelen bereikt."), version);
        await Expect.StatusAsync(close, HttpStatusCode.OK);
        version = (await close.Content.ReadFromJsonAsync<CaseChanged>(SignalBuilder.Json))!.Version;
        var until = app.Today().AddDays(180);
        version = await MoveAsync(coordinator, opened.Id, version, new StageChangeInput(CaseStage.Aftercare, "Nazorg door jeugdwerk.", AftercareUntil: until));

        var detail = await coordinator.CaseAsync(opened.Id);
        Assert.Equal(CaseStage.Aftercare, detail.Stage);
        Assert.Equal(CaseOutcome.RiskReduced, detail.Outcome);
        Assert.Equal(until, detail.AftercareUntil);
        Assert.NotNull(detail.ClosedAt);
        var steps = detail.Timeline.Where(t => t.Kind == CaseEventKind.StageChanged).ToList();
        Assert.Equal(7, steps.Count);
        Assert.All(steps, s => Assert.Equal("Procesregisseur (demo)", s.ActorName));
        var closing = steps.Single(s => s.StageTo == CaseStage.Closed);
        Assert.Equal((CaseStage.Monitoring, CaseOutcome.RiskReduced, "Doelen bereikt."), (closing.StageFrom!.Value, closing.Outcome!.Value, closing.Detail));
        Assert.Equal(until, steps[^1].Until);
        // The reasons are encrypted at rest.
        Assert.False(await app.WithDbAsync(db => db.Set<CaseEvent>().AnyAsync(e => e.CaseId == opened.Id && e.DetailCiphertext!.Contains("Doelen"))));

        var page = await coordinator.GetPageAsync($"/cases/{opened.Id}");
        Assert.Contains("Doelen bereikt.", page, StringComparison.Ordinal);
        Assert.Contains("Nazorg", page, StringComparison.Ordinal);
    }

    public static TheoryData<string, CaseStage, StageChangeInput, string> InvalidSteps => new()
    {
        { "no reason", CaseStage.Intake, new StageChangeInput(CaseStage.InConsultation, "  "), "Reason" },
        { "no stage", CaseStage.Intake, new StageChangeInput(null, "Reden."), "To" },
        { "skipping a stage", CaseStage.Intake, new StageChangeInput(CaseStage.Monitoring, "Reden."), "To" },
        { "closing without outcome", CaseStage.Intake, new StageChangeInput(CaseStage.Closed, "Reden."), "Outcome" },
        { "markup in the reason", CaseStage.Intake, new StageChangeInput(CaseStage.InConsultation, "<script>alert(1)</script>"), "Reason" },
        { "aftercare before closing", CaseStage.Intake, new StageChangeInput(CaseStage.Aftercare, "Reden.", AftercareUntil: new DateOnly(2099, 1, 1)), "To" },
        { "aftercare without end date", CaseStage.Closed, new StageChangeInput(CaseStage.Aftercare, "Reden."), "AftercareUntil" },
        { "aftercare ending today", CaseStage.Closed, new StageChangeInput(CaseStage.Aftercare, "Reden.", AftercareUntil: DateOnly.FromDateTime(DateTime.UtcNow)), "AftercareUntil" },
    };

    [Theory]
    [MemberData(nameof(InvalidSteps))]
    public async Task An_invalid_step_gives_a_field_error_and_changes_nothing(string what, CaseStage stage, StageChangeInput input, string field)
    {
        var opened = await app.OpenCaseAsync("Fenna", what.Replace(" ", "", StringComparison.Ordinal));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var version = (await coordinator.CaseAsync(opened.Id)).Version;
        if (stage == CaseStage.Closed)
        {
            version = await MoveAsync(coordinator, opened.Id, version, new StageChangeInput(CaseStage.Closed, "Niet ontvankelijk.", CaseOutcome.Other));
        }
        var before = await coordinator.CaseAsync(opened.Id);

        var response = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/transitions", input, version);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await SignalBuilder.ProblemAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{what}: expected an error for {field}: {problem}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));

        var after = await coordinator.CaseAsync(opened.Id);
        Assert.Equal((before.Stage, before.Version, before.Timeline.Count), (after.Stage, after.Version, after.Timeline.Count));
    }

    [Fact]
    public async Task Closing_without_an_outcome_is_refused_on_the_page_with_the_message_at_the_field()
    {
        var opened = await app.OpenCaseAsync("Sem", "Visser");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var version = (await coordinator.CaseAsync(opened.Id)).Version;
        var response = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/stage",
            new Dictionary<string, string> { ["Version"] = version.ToString(), ["Reason"] = "Geen zorgen meer." }, $"/cases/{opened.Id}/stage?handler=Close");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"outcome-error\"", page, StringComparison.Ordinal);
        Assert.Contains("Geen zorgen meer.", page, StringComparison.Ordinal);
        Assert.Equal(CaseStage.Intake, (await coordinator.CaseAsync(opened.Id)).Stage);

        var closed = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/stage",
            new Dictionary<string, string> { ["Version"] = version.ToString(), ["Outcome"] = "TransferredToRegularCare", ["Reason"] = "Jeugdzorg neemt over." },
            $"/cases/{opened.Id}/stage?handler=Close");
        await Expect.StatusAsync(closed, HttpStatusCode.Redirect);
        Assert.Equal(CaseStage.Closed, (await coordinator.CaseAsync(opened.Id)).Stage);
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_a_clear_message_and_nothing_changes()
    {
        var opened = await app.OpenCaseAsync("Noah", "Bakker");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var seen = (await coordinator.CaseAsync(opened.Id)).Version;
        await MoveAsync(coordinator, opened.Id, seen, new StageChangeInput(CaseStage.InConsultation, "Eerste wijziging."));
        var before = await coordinator.CaseAsync(opened.Id);

        var stale = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/close", new CloseCaseInput(CaseOutcome.Other, "Tweede wijziging."), seen);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await SignalBuilder.ProblemAsync(stale);
        Assert.Equal("changed_by_someone_else", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var staleMember = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/members",
            new MemberInput(await app.UserIdAsync("police@casus.demo"), "Doel", "Grondslag", app.Today(), null), seen);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleMember.StatusCode);

        var after = await coordinator.CaseAsync(opened.Id);
        Assert.Equal((before.Stage, before.Version, before.Timeline.Count, 0), (after.Stage, after.Version, after.Timeline.Count, after.Members.Count));

        // On the page: the message says what happened and what to do; the typed reason stays.
        var page = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/stage",
            new Dictionary<string, string> { ["Version"] = seen.ToString(), ["To"] = "ActionPlanActive", ["Reason"] = "Mijn reden." }, $"/cases/{opened.Id}/stage?handler=Move");
        await Expect.StatusAsync(page, HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"conflict\"", html, StringComparison.Ordinal);
        Assert.Contains("Mijn reden.", html, StringComparison.Ordinal);
        Assert.Equal(CaseStage.InConsultation, (await coordinator.CaseAsync(opened.Id)).Stage);

        var noIfMatch = await coordinator.PostJsonAsync($"/api/v1/cases/{opened.Id}/close", new CloseCaseInput(CaseOutcome.Other, "Zonder versie."));
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
    }

    [Fact]
    public async Task A_member_partner_does_not_run_the_case()
    {
        var opened = await app.OpenCaseAsync("Julia", "Meijer");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await coordinator.AddMemberAsync(opened.Id, await app.UserIdAsync("police@casus.demo"), app.Today(), null);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var version = (await police.CaseAsync(opened.Id)).Version;
        var response = await police.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/transitions", new StageChangeInput(CaseStage.InConsultation, "Ik wil door."), version);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(CaseStage.Intake, (await coordinator.CaseAsync(opened.Id)).Stage);
    }

    [Fact]
    public async Task The_case_is_handed_to_another_coordinator_serving_the_municipality_and_not_to_anyone_else()
    {
        var opened = await app.OpenCaseAsync("Tess", "Dekker");
        var colleague = await CreateUserAsync("coordinator2@casus.demo", "Tweede procesregisseur (demo)", Roles.ProcessCoordinator, "Zorg- en Veiligheidshuis Rivierenland");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var version = (await coordinator.CaseAsync(opened.Id)).Version;

        var toPolice = await coordinator.PutWithVersionAsync($"/api/v1/cases/{opened.Id}/coordinator", new CoordinatorInput(await app.UserIdAsync("police@casus.demo"), "Overdracht."), version);
        Assert.Equal(HttpStatusCode.BadRequest, toPolice.StatusCode);
        Assert.True((await SignalBuilder.ProblemAsync(toPolice)).GetProperty("errors").TryGetProperty("UserId", out _));
        var noReason = await coordinator.PutWithVersionAsync($"/api/v1/cases/{opened.Id}/coordinator", new CoordinatorInput(colleague, ""), version);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var page = await coordinator.GetPageAsync($"/cases/{opened.Id}/coordinator");
        Assert.Contains("Tweede procesregisseur (demo)", page, StringComparison.Ordinal);
        var handed = await coordinator.PutWithVersionAsync($"/api/v1/cases/{opened.Id}/coordinator", new CoordinatorInput(colleague, "Verlof; collega neemt over."), version);
        await Expect.StatusAsync(handed, HttpStatusCode.OK);
        var detail = await coordinator.CaseAsync(opened.Id);
        Assert.Equal(colleague, detail.CoordinatorUserId);
        var step = detail.Timeline.Single(t => t.Kind == CaseEventKind.CoordinatorChanged);
        Assert.Equal(("Tweede procesregisseur (demo)", "Verlof; collega neemt over."), (step.MemberName, step.Detail));
    }

    private async Task<Guid> CreateUserAsync(string email, string name, string role, string organisation)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CasusUser>>();
        var organisationId = await db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).SingleAsync();
        var user = new CasusUser { UserName = email, Email = email, DisplayName = name, OrganisationId = organisationId, CreatedAt = app.Time.GetUtcNow() };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    private static async Task<Guid> MoveAsync(CasusClient client, Guid id, Guid version, StageChangeInput input)
    {
        var response = await client.PostWithVersionAsync($"/api/v1/cases/{id}/transitions", input, version);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<CaseChanged>(SignalBuilder.Json))!.Version;
    }
}

internal static class CaseRequests
{
    public static async Task<HttpResponseMessage> PutWithVersionAsync<T>(this CasusClient client, string path, T body, Guid version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: SignalBuilder.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version:N}\"");
        return await client.Http.SendAsync(request);
    }
}
