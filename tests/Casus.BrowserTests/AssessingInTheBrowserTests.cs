using Casus.BrowserTests.Pages;
using Casus.Tests.Features.Assessments;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>The coordinator records an assessment in Dutch, a second one later in English, and the comparison shows what changed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssessingInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);
    private static DemoAccount Coordinator => DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator);

    [Fact]
    public async Task A_coordinator_records_two_assessments_and_sees_what_changed()
    {
        var caseId = await fixture.App.OpenCaseDirectlyAsync("Ilias", "Brouwer");

        var nl = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(nl, fixture).SignInAsync(Coordinator, "E-mailadres", "Wachtwoord", "Zescijferige code");
        await SignedInAsync(nl);
        await nl.GotoAsync($"/cases/{caseId}/assessments");
        await Assertions.Expect(nl.GetByTestId("empty-state")).ToBeVisibleAsync();
        await nl.GetByRole(AriaRole.Link, new() { Name = "Taxatie vastleggen" }).ClickAsync();

        // Saving with nothing rated: every item says what is missing, nothing is stored.
        await nl.GetByRole(AriaRole.Button, new() { Name = "Taxatie vastleggen" }).ClickAsync();
        await Assertions.Expect(nl.GetByText("Kies een eindoordeel.").First).ToBeVisibleAsync();
        await Assertions.Expect(nl.GetByText("Geef een score voor \"Uitlatingen over een plan om iemand schade te doen\".").First).ToBeVisibleAsync();

        await RateAsync(nl, new()
        {
            ["Hoe sterk de persoon zich vastlegt op één wereldbeeld dat anderen uitsluit"] = "Duidelijke zorg",
            ["Of de persoon geweld goedpraat als middel voor een doel"] = "Enige zorg",
            ["Invloed van contacten die het denken van de persoon versterken"] = "Duidelijke zorg",
            ["Afstand tot familie, vrienden, school of werk"] = "Enige zorg",
            ["Uitlatingen over een plan om iemand schade te doen"] = "Geen zorg",
            ["Toegang tot middelen of kennis om schade te doen"] = "Onbekend",
            ["Spanning door wonen, geld, gezondheid of een recente gebeurtenis"] = "Duidelijke zorg",
            ["Zicht op hulp die de persoon nu krijgt"] = "Nee",
        });
        await nl.GetByLabel("Toelichting (optioneel) — Sociaal netwerk").FillAsync("Trekt sinds de zomer op met een nieuwe groep uit de sportschool.");
        await nl.GetByLabel("Steunende familie of vrienden").CheckAsync();
        await nl.GetByLabel("Dagbesteding: school, werk of vrijwilligerswerk").CheckAsync();
        await nl.GetByLabel("Matige zorg").CheckAsync();
        await nl.GetByLabel("Onderbouwing").FillAsync("Zorgen over het netwerk en de thuissituatie; geen aanwijzingen voor een plan. School en ouders zijn betrokken.");
        await nl.ScreenshotAsync(new() { Path = Shot("assessment-new-nl.png"), FullPage = true });
        await nl.GetByRole(AriaRole.Button, new() { Name = "Taxatie vastleggen" }).ClickAsync();
        await Assertions.Expect(nl.GetByText("De taxatie is vastgelegd.")).ToBeVisibleAsync();
        await Assertions.Expect(nl.GetByTestId("judgement")).ToContainTextAsync("Matige zorg");
        await nl.ScreenshotAsync(new() { Path = Shot("assessment-detail-nl.png"), FullPage = true });
        await nl.Context.CloseAsync();

        // Three months later, in English: some ratings changed, a protective factor lost and one gained.
        fixture.App.Time.Advance(TimeSpan.FromDays(91));
        var en = await fixture.NewPageAsync("en-GB");
        await new LoginPage(en, fixture).SignInAsync(Coordinator, "E-mail address", "Password", "Six-digit code");
        await SignedInAsync(en);
        await en.GotoAsync($"/cases/{caseId}/assessments/new");
        await RateAsync(en, new()
        {
            ["How firmly the person holds on to one world view that shuts others out"] = "Serious concern",
            ["Whether the person talks of violence as an acceptable means to an end"] = "Some concern",
            ["Influence of contacts who reinforce the person's thinking"] = "Serious concern",
            ["Distance from family, friends, school or work"] = "Some concern",
            ["Statements about a plan to harm someone"] = "No concern",
            ["Access to means or knowledge to cause harm"] = "Unknown",
            ["Strain from housing, money, health or a recent event"] = "Some concern",
            ["Insight into the help the person receives now"] = "Yes",
        });
        await en.GetByLabel("Supportive family or friends").CheckAsync();
        await en.GetByLabel("Open to help or conversation").CheckAsync();
        await en.GetByLabel("High concern").CheckAsync();
        await en.GetByLabel("Rationale").FillAsync("Dropped out of school; spends most days with the new group. Family still involved; now talks with a youth worker.");
        await en.ScreenshotAsync(new() { Path = Shot("assessment-new-en.png"), FullPage = true });
        await en.GetByRole(AriaRole.Button, new() { Name = "Record assessment" }).ClickAsync();
        await Assertions.Expect(en.GetByText("The assessment has been recorded.")).ToBeVisibleAsync();

        await en.GetByRole(AriaRole.Link, new() { Name = "Compare with the previous assessment" }).ClickAsync();
        await Assertions.Expect(en.GetByTestId("changed-count")).ToHaveTextAsync("4 of 8 ratings changed");
        await Assertions.Expect(en.GetByTestId("judgement-change")).ToContainTextAsync("Moderate concern");
        await Assertions.Expect(en.GetByTestId("judgement-change")).ToContainTextAsync("High concern");
        await Assertions.Expect(en.GetByTestId("factors-gained")).ToHaveTextAsync("Open to help or conversation");
        await Assertions.Expect(en.GetByTestId("factors-lost")).ToHaveTextAsync("Daytime activity: school, work or volunteering");
        foreach (var changed in new[] { "ideas-1", "network-1", "circumstances-1", "circumstances-2" })
        {
            await Assertions.Expect(en.GetByTestId("item-" + changed)).ToHaveAttributeAsync("data-changed", "true");
        }
        await Assertions.Expect(en.GetByTestId("item-ideas-2")).ToHaveAttributeAsync("data-changed", "false");
        await Assertions.Expect(en.GetByTestId("item-ideas-1")).ToContainTextAsync("Clear concern");
        await Assertions.Expect(en.GetByTestId("item-ideas-1")).ToContainTextAsync("Serious concern");
        await en.ScreenshotAsync(new() { Path = Shot("assessment-comparison-en.png"), FullPage = true });
        var comparisonUrl = en.Url;
        await en.GetByRole(AriaRole.Link, new() { Name = "Back to the assessments of case" }).ClickAsync();
        await Assertions.Expect(en.GetByTestId("assessments-table").GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await en.ScreenshotAsync(new() { Path = Shot("assessment-list-en.png"), FullPage = true });
        await en.Context.CloseAsync();

        var nlAgain = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(nlAgain, fixture).SignInAsync(Coordinator, "E-mailadres", "Wachtwoord", "Zescijferige code");
        await SignedInAsync(nlAgain);
        await nlAgain.GotoAsync(comparisonUrl);
        await Assertions.Expect(nlAgain.GetByTestId("changed-count")).ToHaveTextAsync("4 van de 8 scores veranderd");
        await nlAgain.ScreenshotAsync(new() { Path = Shot("assessment-comparison-nl.png"), FullPage = true });
        await nlAgain.Context.CloseAsync();
    }

    /// <summary>Waits until the second step has taken the browser to the start page.</summary>
    private static Task SignedInAsync(IPage page) => page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));

    /// <summary>Chooses an option per item, found as a person finds it: the item's group, then the option's label.</summary>
    private static async Task RateAsync(IPage page, Dictionary<string, string> ratings)
    {
        foreach (var (item, option) in ratings)
        {
            await page.GetByRole(AriaRole.Group, new() { Name = item, Exact = true }).GetByLabel(option, new() { Exact = true }).CheckAsync();
        }
    }
}
