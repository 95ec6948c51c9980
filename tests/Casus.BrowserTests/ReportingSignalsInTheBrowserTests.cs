using Casus.BrowserTests.Pages;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>A partner reports a signal in Dutch; the coordinator finds it in the inbox in English and takes it into weighing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportingSignalsInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_partner_reports_a_signal_and_the_coordinator_finds_it_and_starts_weighing()
    {
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.GetByRole(AriaRole.Link, new() { Name = "Signaal melden" }).First.ClickAsync();
        await police.GetByRole(AriaRole.Button, new() { Name = "Melding versturen" }).ClickAsync();
        // Nothing filled in: clear messages, nothing saved.
        await Assertions.Expect(police.GetByText("Beschrijf wat er is gebeurd.").First).ToBeVisibleAsync();
        await Assertions.Expect(police.GetByText("Kies de gemeente waar de persoon woont of verblijft.").First).ToBeVisibleAsync();
        await police.ScreenshotAsync(new() { Path = Shot("signal-new-errors-nl.png"), FullPage = true });

        await police.GetByLabel("Gemeente").SelectOptionAsync(new SelectOptionValue { Label = "Brugwater" });
        await police.GetByLabel("Voornamen").FillAsync("Ayoub");
        await police.GetByLabel("Achternaam").FillAsync("El Khatib");
        await police.GetByLabel("Geboortedatum").FillAsync("03-09-2005");
        await police.GetByLabel("Fenomeen").SelectOptionAsync(new SelectOptionValue { Label = "Jihadisme" });
        await police.GetByLabel("Deelt of zoekt extremistische propaganda online").CheckAsync();
        await police.GetByLabel("Het speelde (ook) online").CheckAsync();
        await police.GetByLabel("Platform").FillAsync("Telegram");
        await police.GetByLabel("Wat is er gebeurd?").FillAsync("Deelt sinds twee weken filmpjes van aanslagen in een groepsapp van de voetbalclub.");
        await police.GetByLabel("Hoog").CheckAsync();
        await police.ScreenshotAsync(new() { Path = Shot("signal-new-nl.png"), FullPage = true });
        await police.GetByRole(AriaRole.Button, new() { Name = "Melding versturen" }).ClickAsync();

        await Assertions.Expect(police.GetByText("is geregistreerd")).ToBeVisibleAsync();
        var row = police.GetByTestId("signals-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "Ayoub El Khatib" });
        await Assertions.Expect(row).ToContainTextAsync("Nieuw");
        var reference = (await row.GetByRole(AriaRole.Link).TextContentAsync())!.Trim();
        await police.ScreenshotAsync(new() { Path = Shot("signal-mine-nl.png"), FullPage = true });
        await police.Context.CloseAsync();

        var coordinator = await fixture.NewPageAsync("en-GB");
        await new LoginPage(coordinator, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mail address", "Password", "Six-digit code");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Signals inbox" }).First.ClickAsync();
        await coordinator.GetByLabel("Search by name, reference or text").FillAsync("voetbalclub");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var found = coordinator.GetByTestId("signals-table").GetByRole(AriaRole.Row).Filter(new() { HasText = reference });
        await Assertions.Expect(found).ToContainTextAsync("Ayoub El Khatib");
        await Assertions.Expect(found).ToContainTextAsync("High");
        await coordinator.ScreenshotAsync(new() { Path = Shot("signal-inbox-en.png"), FullPage = true });

        await found.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("narrative")).ToContainTextAsync("voetbalclub");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Start weighing" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("The signal is now in weighing.")).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByTestId("signal-status")).ToContainTextAsync("In weighing");
        await Assertions.Expect(coordinator.GetByTestId("history")).ToContainTextAsync("Status: New → In weighing");
        await coordinator.ScreenshotAsync(new() { Path = Shot("signal-detail-en.png"), FullPage = true });
        await coordinator.Context.CloseAsync();
    }

    [Fact]
    public async Task A_member_of_the_public_reports_without_javascript_and_follows_up_with_the_code()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", BaseURL = fixture.BaseUrl, JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var resident = await context.NewPageAsync();
        await resident.GotoAsync("/report");
        await resident.GetByLabel("In which municipality does the person live?").SelectOptionAsync(new SelectOptionValue { Label = "Oosterveld" });
        await resident.GetByLabel("How do you know the person?").FillAsync("Neighbour");
        await resident.GetByLabel("What worries you?").FillAsync("The boy next door talks more and more about a holy war and has stopped going to school.");
        await resident.ScreenshotAsync(new() { Path = Shot("public-report-en.png"), FullPage = true });
        await resident.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        var code = (await resident.GetByTestId("follow-up-code").TextContentAsync())!.Trim();
        Assert.Matches("^[2-9A-Z]{4}(-[2-9A-Z]{4}){4}$", code);
        await resident.ScreenshotAsync(new() { Path = Shot("public-receipt-en.png"), FullPage = true });

        await resident.GetByRole(AriaRole.Link, new() { Name = "Follow up on a report with your code" }).ClickAsync();
        await resident.GetByLabel("Your code").FillAsync(code);
        await resident.GetByRole(AriaRole.Button, new() { Name = "Open my report" }).ClickAsync();
        await Assertions.Expect(resident.GetByTestId("public-status")).ToContainTextAsync("received, not yet handled");
        await resident.GetByLabel("Add information").FillAsync("He also put up a flag in his window.");
        await resident.GetByRole(AriaRole.Button, new() { Name = "Send addition" }).ClickAsync();
        await Assertions.Expect(resident.GetByTestId("conversation")).ToContainTextAsync("He also put up a flag in his window.");
        await resident.ScreenshotAsync(new() { Path = Shot("public-follow-up-en.png"), FullPage = true });
        Assert.DoesNotContain(code, resident.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_sees_that_a_new_signal_concerns_a_known_person_and_confirms_the_link()
    {
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.WaitForURLAsync(fixture.BaseUrl + "/");
        var lindendal = await fixture.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Municipalities.Where(m => m.Name == "Lindendal").Select(m => m.Id)));
        string? secondId = null;
        foreach (var (given, surname, dob) in new[] { ("Mohammed", "El Amrani", "2006-04-08"), ("Muhammad", "Elamrani", "2006-08-04") })
        {
            var response = await police.APIRequest.PostAsync("/api/v1/signals", new()
            {
                DataObject = new { municipalityId = lindendal, givenNames = given, surname, dateOfBirth = dob, phenomenon = "Jihadism", narrative = "Toont filmpjes van strijders aan klasgenoten.", urgency = "Normal" },
            });
            Assert.Equal(201, response.Status);
            secondId = (await response.JsonAsync())!.Value.GetProperty("id").GetString();
        }
        await police.Context.CloseAsync();

        var coordinator = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(coordinator, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await coordinator.WaitForURLAsync(fixture.BaseUrl + "/");
        await coordinator.GotoAsync($"/signals/{secondId}");
        var candidates = coordinator.GetByTestId("candidates");
        await Assertions.Expect(candidates).ToContainTextAsync("Mohammed El Amrani");
        await Assertions.Expect(candidates).ToContainTextAsync("dag en maand van geboorte verwisseld");
        await coordinator.ScreenshotAsync(new() { Path = Shot("linkage-candidate-nl.png"), FullPage = true });
        await candidates.GetByRole(AriaRole.Button, new() { Name = "Dezelfde persoon — koppelen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("De meldingen zijn aan één persoon gekoppeld.")).ToBeVisibleAsync();
        await Assertions.Expect(coordinator.GetByTestId("known-from")).ToContainTextAsync("Deze persoon is al bekend uit 1 andere melding(en), gedaan door: Politie eenheid Rivierenland.");
        await coordinator.ScreenshotAsync(new() { Path = Shot("linkage-linked-nl.png"), FullPage = true });
        await coordinator.Context.CloseAsync();
    }
}
