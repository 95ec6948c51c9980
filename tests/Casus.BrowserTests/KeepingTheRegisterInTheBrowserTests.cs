using Casus.BrowserTests.Pages;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>
/// The privacy officer publishes a new version of a processing activity in the register: a change without its reason is
/// refused with the message at the field, with the reason it becomes the current version and the earlier one stays in the
/// history. In Dutch and in English; the lessons-learned list of the region is looked at too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeepingTheRegisterInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Theory]
    [InlineData("nl-NL", "cases", "E-mailadres", "Wachtwoord", "Zescijferige code", "Bewaartermijn na besluit van het college.")]
    [InlineData("en-GB", "weighing", "E-mail address", "Password", "Six-digit code", "Retention set by the municipal executive's decision.")]
    public async Task The_privacy_officer_publishes_a_new_version_of_an_activity(string locale, string key, string email, string password, string code, string reason)
    {
        var language = locale[..2];
        var privacy = await fixture.NewPageAsync(locale);
        await new LoginPage(privacy, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PrivacyOfficer), email, password, code);
        await privacy.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        await privacy.GotoAsync("/privacy/register");
        await Assertions.Expect(privacy.GetByTestId("register-row").First).ToBeVisibleAsync();
        await privacy.ScreenshotAsync(new() { Path = Shot($"register-{language}.png"), FullPage = true });

        await privacy.GotoAsync($"/privacy/register/{key}/new");
        var retention = privacy.Locator($"#input-retention{language}");
        await retention.FillAsync(await retention.InputValueAsync() + " " + reason);
        await privacy.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(privacy.Locator("#input-changenote-error")).ToBeVisibleAsync();
        await privacy.ScreenshotAsync(new() { Path = Shot($"register-publish-error-{language}.png"), FullPage = true });

        await privacy.Locator("#input-changenote").FillAsync(reason);
        await privacy.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(privacy.GetByTestId("current-id")).ToContainTextAsync($"casus:{key}:v2");
        await Assertions.Expect(privacy.GetByText(reason).First).ToBeVisibleAsync();
        await privacy.ScreenshotAsync(new() { Path = Shot($"register-activity-{language}.png"), FullPage = true });
        await privacy.Context.CloseAsync();

        var regional = await fixture.NewPageAsync(locale);
        await new LoginPage(regional, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.RegionalCoordinator), email, password, code);
        await regional.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        await regional.GotoAsync("/evaluations");
        await Assertions.Expect(regional.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await regional.ScreenshotAsync(new() { Path = Shot($"evaluations-{language}.png"), FullPage = true });
        await regional.Context.CloseAsync();
    }
}
