using Casus.BrowserTests.Pages;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>
/// The coordinator weighs a signal — criteria, proportionality, subsidiarity, parties — and admits the person to case
/// consultation; the case director approves it (four eyes) and the decision page shows the case that was opened.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WeighingInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_signal_is_weighed_approved_by_a_second_person_and_becomes_a_case()
    {
        try
        {
            await WeighAndApproveAsync();
        }
        finally
        {
            await ForgetLanguageChoiceAsync();
        }
    }

    private async Task WeighAndApproveAsync()
    {
        var lindendal = await fixture.App.WithDbAsync(db => db.Municipalities.Where(m => m.Name == "Lindendal").Select(m => m.Id).SingleAsync());
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.WaitForURLAsync(fixture.BaseUrl + "/");
        var created = await police.APIRequest.PostAsync("/api/v1/signals", new()
        {
            DataObject = new
            {
                municipalityId = lindendal, givenNames = "Sara", surname = "Bouzid", dateOfBirth = "2006-11-02", phenomenon = "Jihadism",
                indicators = new[] { "online-propaganda", "travel-intent" }, narrative = "Vertelt klasgenoten dat ze na de zomer naar Syrië wil reizen.", urgency = "High",
            },
        });
        Assert.Equal(201, created.Status);
        var signalId = (await created.JsonAsync())!.Value.GetProperty("id").GetString();
        await police.Context.CloseAsync();

        var coordinator = await fixture.NewPageAsync("en-GB");
        await new LoginPage(coordinator, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mail address", "Password", "Six-digit code");
        await coordinator.WaitForURLAsync(fixture.BaseUrl + "/");
        await coordinator.GotoAsync($"/signals/{signalId}");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Weigh", Exact = true }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Weighing: signal");
        await Assertions.Expect(coordinator.GetByTestId("weighing-person")).ToContainTextAsync("Sara Bouzid");
        await coordinator.ScreenshotAsync(new() { Path = Shot("weighing-form-en.png"), FullPage = true });

        // The same form in Dutch, and a decision without anything filled in first: nothing is saved.
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Nederlands" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Weging: melding");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Besluit vastleggen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Vink minstens één criterium aan waarop het besluit rust.").First).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByText("Leg uit waarom een minder ingrijpende route niet volstaat.").First).ToBeVisibleAsync();

        await coordinator.GetByLabel("Er zijn aanwijzingen voor radicalisering of een extremistisch motief").CheckAsync();
        await coordinator.GetByLabel("Er is een risico op geweld").CheckAsync();
        await coordinator.GetByLabel("Er spelen zorgen op meer dan één leefgebied").CheckAsync();
        await coordinator.GetByLabel("Toelaten tot het casusoverleg").CheckAsync();
        await coordinator.GetByLabel("Waarom is deze stap proportioneel?").FillAsync(
            "Concreet reisvoornemen naar een conflictgebied; een gezamenlijke aanpak weegt op tegen de inbreuk op haar privéleven.");
        await coordinator.GetByLabel("Waarom volstaat een minder ingrijpende route niet?").FillAsync(
            "Alleen het gesprek op school of alleen jeugdhulp pakt het reisvoornemen en het online netwerk niet samen aan.");
        foreach (var party in new[] { "Gemeente", "Politie", "Openbaar Ministerie" })
        {
            await coordinator.GetByLabel(party, new() { Exact = true }).CheckAsync();
        }
        await coordinator.ScreenshotAsync(new() { Path = Shot("weighing-form-nl.png"), FullPage = true });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Besluit vastleggen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Het besluit is vastgelegd en wacht op goedkeuring door een tweede persoon.")).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByTestId("decision-status")).ToContainTextAsync("Wacht op goedkeuring");
        await Assertions.Expect(coordinator.GetByTestId("awaiting-other")).ToBeVisibleAsync();
        await coordinator.ScreenshotAsync(new() { Path = Shot("weighing-decision-pending-nl.png"), FullPage = true });
        await coordinator.Context.CloseAsync();

        var director = await fixture.NewPageAsync("en-GB");
        await new LoginPage(director, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.CaseDirector), "E-mail address", "Password", "Six-digit code");
        await director.WaitForURLAsync(fixture.BaseUrl + "/");
        await Assertions.Expect(director.GetByTestId("weighing-summary")).ToContainTextAsync("Weighing decisions awaiting approval: 1");
        await director.GetByTestId("weighing-summary").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(director.GetByTestId("pending-list")).ToContainTextAsync("Sara Bouzid");
        await director.ScreenshotAsync(new() { Path = Shot("weighing-overview-en.png"), FullPage = true });
        await director.GetByTestId("pending-list").GetByRole(AriaRole.Row).Filter(new() { HasText = "Sara Bouzid" }).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(director.GetByTestId("decision-outcome")).ToContainTextAsync("Admit to case consultation");
        await Assertions.Expect(director.GetByTestId("proportionality")).ToContainTextAsync("reisvoornemen");
        await director.ScreenshotAsync(new() { Path = Shot("weighing-decision-review-en.png"), FullPage = true });
        await director.GetByRole(AriaRole.Button, new() { Name = "Approve decision" }).ClickAsync();
        await Assertions.Expect(director.GetByText("The decision has been approved and is in effect.")).ToBeVisibleAsync();

        var caseReference = await fixture.App.WithDbAsync(db => db.Set<Casus.Web.Features.Cases.Case>()
            .Where(c => db.Set<Casus.Web.Features.Signals.Signal>().Any(s => s.Id == Guid.Parse(signalId!) && s.CaseId == c.Id)).Select(c => c.Reference).SingleAsync());
        await Assertions.Expect(director.GetByTestId("decision-case")).ToHaveTextAsync(caseReference);
        await Assertions.Expect(director.GetByTestId("reviewed-by")).ToContainTextAsync("Regievoerder Lindendal (demo)");
        await director.ScreenshotAsync(new() { Path = Shot("weighing-decision-en.png"), FullPage = true });
        await director.GetByRole(AriaRole.Button, new() { Name = "Nederlands" }).ClickAsync();
        await Assertions.Expect(director.GetByTestId("decision-status")).ToContainTextAsync("Van kracht");
        await Assertions.Expect(director.GetByTestId("decision-case")).ToHaveTextAsync(caseReference);
        await director.ScreenshotAsync(new() { Path = Shot("weighing-decision-nl.png"), FullPage = true });
        await director.Context.CloseAsync();
    }

    /// <summary>
    /// The language button remembers the choice on the account; the other browser tests expect the demo accounts to
    /// follow the browser's language, as they do before anyone chooses.
    /// </summary>
    private Task ForgetLanguageChoiceAsync() => fixture.App.WithDbAsync(async db =>
    {
        foreach (var user in await db.Users.Where(u => u.PreferredCulture != null).ToListAsync())
        {
            user.PreferredCulture = null;
        }
        return await db.SaveChangesAsync();
    });
}
