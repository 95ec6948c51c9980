using Casus.BrowserTests.Pages;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AdministeringInTheBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_administrator_invites_a_professional_who_activates_and_enrols_an_authenticator()
    {
        var admin = await fixture.NewPageAsync("en-GB");
        await new LoginPage(admin, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.SystemAdmin), "E-mail address", "Password", "Six-digit code");
        await admin.WaitForURLAsync(fixture.BaseUrl + "/");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Users" }).First.ClickAsync();
        await Assertions.Expect(admin.GetByTestId("users-table")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-users-en.png"), FullPage = true });

        var invite = admin.Locator("form").Filter(new() { Has = admin.GetByRole(AriaRole.Button, new() { Name = "Invite" }) });
        await invite.GetByLabel("E-mail address").FillAsync("wijkagent@brugwater.example");
        await invite.GetByLabel("Name").FillAsync("Wijkagent Brugwater");
        await invite.GetByLabel("Organisation").SelectOptionAsync(new SelectOptionValue { Label = "Politie eenheid Rivierenland" });
        await invite.GetByLabel("Partner professional").CheckAsync();
        await invite.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        var link = admin.GetByTestId("activation-link");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-invited-en.png"), FullPage = true });
        var activation = (await link.TextContentAsync())!.Trim();
        await admin.Context.CloseAsync();

        var user = await fixture.NewPageAsync("nl-NL");
        await user.GotoAsync(activation);
        await user.GetByLabel("Nieuw wachtwoord").FillAsync("Koffie op het bureau om negen uur");
        await user.GetByLabel("Herhaal het nieuwe wachtwoord").FillAsync("Koffie op het bureau om negen uur");
        await user.GetByRole(AriaRole.Button, new() { Name = "Account activeren" }).ClickAsync();
        await Assertions.Expect(user.GetByText("Uw account is actief.")).ToBeVisibleAsync();

        await user.GetByLabel("E-mailadres").FillAsync("wijkagent@brugwater.example");
        await user.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync("Koffie op het bureau om negen uur");
        await user.Keyboard.PressAsync("Enter");
        await Assertions.Expect(user.GetByRole(AriaRole.Heading, new() { Name = "Authenticator-app instellen" })).ToBeVisibleAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Img, new() { Name = "QR-code om Casus aan uw authenticator-app toe te voegen" })).ToBeVisibleAsync();
        await user.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "enrol-nl.png"), FullPage = true });
        var key = (await user.GetByTestId("shared-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await new LoginPage(user, fixture).EnterCodeAsync(key, "Zescijferige code");
        await Assertions.Expect(user.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await user.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "recovery-codes-nl.png"), FullPage = true });
        await user.GetByRole(AriaRole.Link, new() { Name = "Ik heb ze bewaard — verder" }).ClickAsync();
        await Assertions.Expect(user.Locator("[data-role='partner-professional']")).ToBeVisibleAsync();
        await user.Context.CloseAsync();
    }
}
