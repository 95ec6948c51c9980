using Casus.BrowserTests.Pages;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SigningInInTheBrowserTests(BrowserFixture fixture)
{
    public static TheoryData<string> AllRoles => new(Roles.All);

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Each_demo_role_signs_in_in_Dutch_and_sees_its_start_page(string role)
    {
        var account = DemoRegion.Accounts.Single(a => a.Role == role);
        var page = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(page, fixture).SignInAsync(account, "E-mailadres", "Wachtwoord", "Zescijferige code");
        await page.WaitForURLAsync(fixture.BaseUrl + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welkom");
        await Assertions.Expect(page.Locator($"[data-role='{role}']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"start-{role}-nl.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await Assertions.Expect(page.GetByText("U bent afgemeld.")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Each_demo_role_signs_in_in_English_after_switching_language(string role)
    {
        var account = DemoRegion.Accounts.Single(a => a.Role == role);
        var page = await fixture.NewPageAsync("nl-NL");
        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in to Casus");
        if (role == Roles.SystemAdmin)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "login-en.png") });
        }
        await new LoginPage(page, fixture).SignInAsync(account, "E-mail address", "Password", "Six-digit code");
        await page.WaitForURLAsync(fixture.BaseUrl + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"start-{role}-en.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
