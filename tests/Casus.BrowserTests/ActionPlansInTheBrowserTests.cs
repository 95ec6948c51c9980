using Casus.BrowserTests.Pages;
using Casus.Tests.Features.Cases;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Demo;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>
/// The coordinator starts an action plan with three goals in Dutch and gives the police an exit programme task; the
/// police partner finds it on their open work in English and finishes it; the coordinator records a review.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ActionPlansInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_plan_with_three_goals_a_task_finished_by_the_partner_and_a_review()
    {
        var (caseId, reference) = await OpenCaseAsync("Noor", "Visser");
        var today = DateOnly.FromDateTime(fixture.App.Time.GetUtcNow().UtcDateTime);

        var coordinator = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(coordinator, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await coordinator.WaitForURLAsync(fixture.BaseUrl + "/");
        // The police partner joins the case (through the API, as the members page is tested elsewhere).
        var policeId = await fixture.App.WithDbAsync(db => db.Users.Where(u => u.Email == "police@casus.demo").Select(u => u.Id).SingleAsync());
        var detail = await coordinator.APIRequest.GetAsync($"/api/v1/cases/{caseId}");
        var added = await coordinator.APIRequest.PostAsync($"/api/v1/cases/{caseId}/members", new()
        {
            Headers = new Dictionary<string, string> { ["If-Match"] = detail.Headers["etag"] },
            DataObject = new { userId = policeId, purpose = "Uitvoeren van het exitprogramma", legalBasis = "Wet politiegegevens, art. 20", from = today.ToString("yyyy-MM-dd") },
        });
        Assert.Equal(200, added.Status);

        await coordinator.GotoAsync($"/cases/{caseId}");
        await coordinator.GetByTestId("case-plan").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("no-plan")).ToBeVisibleAsync();
        string[] goals = ["Weer naar school en het diploma halen.", "Het gezin praat weer met elkaar.", "Afstand nemen van de neonazistische groep."];
        string[] domains = ["Onderwijs", "Gezin", "Ideologie"];
        for (var i = 0; i < 3; i++)
        {
            await coordinator.Locator($"#goal-domain-{i}").SelectOptionAsync(new SelectOptionValue { Label = domains[i] });
            await coordinator.Locator($"#goal-description-{i}").FillAsync(goals[i]);
        }
        await coordinator.ScreenshotAsync(new() { Path = Shot("plan-start-nl.png"), FullPage = true });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Plan starten" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("goal")).ToHaveCountAsync(3);

        var ideology = coordinator.GetByTestId("goal").Filter(new() { HasText = "Ideologie" });
        await ideology.Locator("summary").ClickAsync();
        await ideology.GetByRole(AriaRole.Button, new() { Name = "Interventie toevoegen" }).ClickAsync();
        ideology = coordinator.GetByTestId("goal").Filter(new() { HasText = "Ideologie" });
        await Assertions.Expect(ideology.GetByText("Kies een interventie.").First).ToBeVisibleAsync();
        await coordinator.ScreenshotAsync(new() { Path = Shot("plan-action-errors-nl.png"), FullPage = true });
        await ideology.GetByLabel("Interventie", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Exitprogramma (Tertiaire preventie)" });
        await ideology.GetByLabel("Verantwoordelijke partner").SelectOptionAsync(new SelectOptionValue { Label = "Politie eenheid Rivierenland" });
        await ideology.GetByLabel("Startdatum").FillAsync(today.ToString("yyyy-MM-dd"));
        await ideology.GetByLabel("Einddatum").FillAsync(today.AddDays(5).ToString("yyyy-MM-dd"));
        await ideology.GetByRole(AriaRole.Button, new() { Name = "Interventie toevoegen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("actions-table")).ToContainTextAsync("Exitprogramma");
        await Assertions.Expect(coordinator.GetByTestId("actions-table")).ToContainTextAsync("police@rivierenland.casus.demo");
        await coordinator.ScreenshotAsync(new() { Path = Shot("plan-nl.png"), FullPage = true });
        await coordinator.Context.CloseAsync();

        var police = await fixture.NewPageAsync("en-GB");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mail address", "Password", "Six-digit code");
        await police.WaitForURLAsync(fixture.BaseUrl + "/");
        await Assertions.Expect(police.GetByTestId("work-counts")).ToBeVisibleAsync();
        await police.ScreenshotAsync(new() { Path = Shot("start-work-counts-en.png"), FullPage = true });
        await police.GotoAsync("/work");
        await Assertions.Expect(police.GetByTestId("my-work")).ToContainTextAsync("Due within a week");
        await police.ScreenshotAsync(new() { Path = Shot("work-en.png"), FullPage = true });
        await police.GetByTestId("my-work").GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await police.Locator("summary", new() { HasText = "Finish this task" }).ClickAsync();
        await police.GetByLabel("Result").FillAsync("First conversations held; the programme is under way.");
        await police.GetByRole(AriaRole.Button, new() { Name = "Finish task" }).ClickAsync();
        await Assertions.Expect(police.GetByText("The task was finished.")).ToBeVisibleAsync();
        await Assertions.Expect(police.GetByTestId("actions-table")).ToContainTextAsync("Done");
        await Assertions.Expect(police.GetByTestId("goal-form")).ToHaveCountAsync(0);
        await police.ScreenshotAsync(new() { Path = Shot("plan-en.png"), FullPage = true });
        await police.Context.CloseAsync();

        var again = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(again, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await again.WaitForURLAsync(fixture.BaseUrl + "/");
        await again.GotoAsync($"/cases/{caseId}/plan/review");
        await again.GetByRole(AriaRole.Button, new() { Name = "Evaluatie vastleggen" }).ClickAsync();
        await Assertions.Expect(again.GetByText("Kies een besluit:").First).ToBeVisibleAsync();
        await again.ScreenshotAsync(new() { Path = Shot("plan-review-errors-nl.png"), FullPage = true });
        foreach (var domain in domains)
        {
            await again.GetByLabel("Voortgang: " + domain).FillAsync("Gaat de goede kant op.");
        }
        await again.GetByLabel("Besluit").SelectOptionAsync(new SelectOptionValue { Label = "Voortzetten" });
        await again.GetByRole(AriaRole.Button, new() { Name = "Evaluatie vastleggen" }).ClickAsync();
        await Assertions.Expect(again.GetByText("De evaluatie is vastgelegd.")).ToBeVisibleAsync();
        await Assertions.Expect(again.GetByTestId("reviews")).ToContainTextAsync("Evaluatie: Voortzetten");
        await again.ScreenshotAsync(new() { Path = Shot("plan-reviewed-nl.png"), FullPage = true });
        await again.Context.CloseAsync();
    }

    /// <summary>A signal reported by the police through the API, and a case opened for it as a weighing decision would.</summary>
    private async Task<(Guid Id, string Reference)> OpenCaseAsync(string givenNames, string surname)
    {
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.WaitForURLAsync(fixture.BaseUrl + "/");
        var lindendal = await fixture.App.WithDbAsync(db => db.Municipalities.Where(m => m.Name == "Lindendal").Select(m => m.Id).SingleAsync());
        var response = await police.APIRequest.PostAsync("/api/v1/signals", new()
        {
            DataObject = new { municipalityId = lindendal, givenNames, surname, dateOfBirth = "2005-03-14", phenomenon = "RightWingExtremism", narrative = "Deelt propaganda van een neonazistische groep.", urgency = "Normal" },
        });
        Assert.Equal(201, response.Status);
        var signalId = Guid.Parse((await response.JsonAsync())!.Value.GetProperty("id").GetString()!);
        await police.Context.CloseAsync();

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var coordinator = await db.Users.SingleAsync(u => u.Email == "coordinator@casus.demo");
        var signal = await db.Set<Signal>().SingleAsync(s => s.Id == signalId);
        var opened = await new OpenCase(db, scope.ServiceProvider.GetRequiredService<PersonDataProtector>(),
            new StandInUser(coordinator.Id, coordinator.OrganisationId, Roles.ProcessCoordinator), fixture.App.Time)
            .AddAsync(signal.PersonId, signal.MunicipalityId, [signal], null);
        await db.SaveChangesAsync();
        return (opened.Id, opened.Reference);
    }
}
