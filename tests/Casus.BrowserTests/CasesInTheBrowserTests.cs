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
/// The coordinator adds the mental-health expert to a case for two weeks, in Dutch; the expert sees the case in
/// English; two weeks and a day later the case is gone for them without anyone having ended it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CasesInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task An_occasional_partner_added_for_two_weeks_sees_the_case_and_loses_it_after_the_period()
    {
        var (caseId, reference) = await OpenCaseAsync("Karim", "Haddad");

        var coordinator = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(coordinator, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await coordinator.WaitForURLAsync(fixture.BaseUrl + "/");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Casussen", Exact = true }).First.ClickAsync();
        await coordinator.ScreenshotAsync(new() { Path = Shot("case-list-nl.png"), FullPage = true });
        await coordinator.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("person-name")).ToHaveTextAsync("Karim Haddad");

        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Fase wijzigen of afsluiten" }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Fase wijzigen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Kies de nieuwe fase.").First).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByText("Geef een reden").First).ToBeVisibleAsync();
        await coordinator.ScreenshotAsync(new() { Path = Shot("case-stage-errors-nl.png"), FullPage = true });
        await coordinator.GetByLabel("Nieuwe fase").SelectOptionAsync(new SelectOptionValue { Label = "In casusoverleg" });
        await coordinator.Locator("#move-reason").FillAsync("Aangemeld voor het casusoverleg van dinsdag.");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Fase wijzigen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("case-stage")).ToContainTextAsync("In casusoverleg");
        await Assertions.Expect(coordinator.GetByTestId("timeline")).ToContainTextAsync("Fase gewijzigd van Intake naar In casusoverleg");

        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Deelnemer toevoegen" }).ClickAsync();
        await coordinator.GetByLabel("Deelnemer").SelectOptionAsync(new SelectOptionValue { Label = "Incidentele partner GGZ (demo) — Incidentele partner" });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Kiezen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("chosen")).ToContainTextAsync("GGZ Rivierenland");
        // The legal basis is prefilled from the organisation's framework; the period is required for an occasional partner.
        Assert.False(string.IsNullOrWhiteSpace(await coordinator.GetByLabel("Grondslag").InputValueAsync()));
        await coordinator.GetByLabel("Doel").FillAsync("Duiding van het psychisch beeld voor het casusoverleg");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Deelnemer toevoegen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Een incidentele partner wordt voor een beperkte periode toegevoegd").First).ToBeVisibleAsync();
        await coordinator.ScreenshotAsync(new() { Path = Shot("case-add-member-errors-nl.png"), FullPage = true });
        var today = DateOnly.FromDateTime(fixture.App.Time.GetUtcNow().UtcDateTime);
        await coordinator.GetByLabel("Tot en met (verplicht voor een incidentele partner)").FillAsync(today.AddDays(14).ToString("yyyy-MM-dd"));
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Deelnemer toevoegen" }).ClickAsync();

        await Assertions.Expect(coordinator.GetByText("De deelnemer is toegevoegd.")).ToBeVisibleAsync();
        var row = coordinator.GetByTestId("members-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "GGZ Rivierenland" });
        await Assertions.Expect(row).ToContainTextAsync("Incidentele partner");
        await Assertions.Expect(row).ToContainTextAsync("Actief");
        await Assertions.Expect(coordinator.GetByTestId("timeline")).ToContainTextAsync("Incidentele partner GGZ (demo) van GGZ Rivierenland toegevoegd als deelnemer");
        await coordinator.ScreenshotAsync(new() { Path = Shot("case-detail-nl.png"), FullPage = true });
        await coordinator.Context.CloseAsync();

        var partner = await SignInPartnerAsync();
        await partner.GetByRole(AriaRole.Link, new() { Name = "Cases", Exact = true }).First.ClickAsync();
        await partner.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Assertions.Expect(partner.GetByTestId("person-name")).ToHaveTextAsync("Karim Haddad");
        await Assertions.Expect(partner.GetByTestId("history-limited")).ToBeVisibleAsync();
        await Assertions.Expect(partner.GetByTestId("case-actions")).ToHaveCountAsync(0);
        await partner.ScreenshotAsync(new() { Path = Shot("case-detail-en.png"), FullPage = true });
        await partner.Context.CloseAsync();

        fixture.App.Time.Advance(TimeSpan.FromDays(15));
        var later = await SignInPartnerAsync();
        await later.GotoAsync("/cases");
        // Other browser tests may have added this partner to cases of their own; this case must be gone from the list.
        await Assertions.Expect(later.GetByRole(AriaRole.Heading, new() { Name = "Cases", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(later.GetByRole(AriaRole.Link, new() { Name = reference })).ToHaveCountAsync(0);
        await later.ScreenshotAsync(new() { Path = Shot("case-list-after-period-en.png"), FullPage = true });
        var gone = await later.GotoAsync($"/cases/{caseId}");
        Assert.Equal(404, gone!.Status);
        await later.Context.CloseAsync();
    }

    private async Task<IPage> SignInPartnerAsync()
    {
        var page = await fixture.NewPageAsync("en-GB");
        await new LoginPage(page, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.OccasionalPartner), "E-mail address", "Password", "Six-digit code");
        await page.WaitForURLAsync(fixture.BaseUrl + "/");
        return page;
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
            DataObject = new { municipalityId = lindendal, givenNames, surname, dateOfBirth = "2004-11-02", phenomenon = "RightWingExtremism", narrative = "Verspreidt flyers van een neonazistische groep op school.", urgency = "Normal" },
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
