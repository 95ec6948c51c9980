using Casus.BrowserTests.Pages;
using Casus.Web.Features.Admin;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>
/// Passkeys in Chromium with its virtual authenticator, at http://localhost (a relying party must be a domain name):
/// register one on the security page and sign in with it alone; activate a passkeys-only account with one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SigningInWithAPasskeyInTheBrowserTests(BrowserFixture fixture)
{
    public sealed record Language(string Locale, string Code, string EmailLabel, string PasswordLabel, string CodeLabel, string SecurityLink,
        string PasskeyNameLabel, string CreateButton, string SignOutButton, string PasskeyButton, string SignedOut);

    private static readonly Language Dutch = new("nl-NL", "nl", "E-mailadres", "Wachtwoord", "Zescijferige code", "Beveiliging",
        "Naam van de passkey", "Passkey maken", "Afmelden", "Inloggen met een passkey", "U bent afgemeld.");

    private static readonly Language English = new("en-GB", "en", "E-mail address", "Password", "Six-digit code", "Security",
        "Name of the passkey", "Create passkey", "Sign out", "Sign in with a passkey", "You have been signed out.");

    /// <summary>Language, account, and whether the browser lacks the JSON helpers (older browsers: the script converts by hand).</summary>
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "nl", Roles.CaseDirector, false },
        { "en", Roles.PrivacyOfficer, false },
        { "nl", Roles.RegionalCoordinator, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_user_registers_a_passkey_signs_out_and_signs_in_with_the_passkey_alone(string language, string role, bool withoutJsonHelpers)
    {
        var l = language == "nl" ? Dutch : English;
        var account = DemoRegion.Accounts.Single(a => a.Role == role);
        var page = await fixture.NewPageAsync(l.Locale, fixture.LocalhostUrl);
        await VirtualAuthenticator.AttachAsync(page);
        if (withoutJsonHelpers)
        {
            await page.AddInitScriptAsync(
                "delete PublicKeyCredential.parseCreationOptionsFromJSON; delete PublicKeyCredential.parseRequestOptionsFromJSON; " +
                "delete PublicKeyCredential.prototype.toJSON;");
        }
        var login = new LoginPage(page, fixture);

        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = l.PasskeyButton })).ToBeVisibleAsync();
        if (!withoutJsonHelpers)
        {
            await page.ScreenshotAsync(new() { Path = Shot($"login-passkey-{l.Code}.png"), FullPage = true });
        }

        await login.SignInAsync(account, l.EmailLabel, l.PasswordLabel, l.CodeLabel);
        await page.WaitForURLAsync(fixture.LocalhostUrl + "/");
        var security = new SecurityPage(page);
        await security.OpenFromHeaderAsync(l.SecurityLink);
        var name = l.Code == "nl" ? "Laptop werk" : "Work laptop";
        await security.AddPasskeyAsync(name, l.PasskeyNameLabel, l.CreateButton);
        if (!withoutJsonHelpers)
        {
            await page.ScreenshotAsync(new() { Path = Shot($"security-{l.Code}.png"), FullPage = true });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = l.SignOutButton }).ClickAsync();
        await Assertions.Expect(page.GetByText(l.SignedOut)).ToBeVisibleAsync();
        await login.SignInWithPasskeyAsync(l.PasskeyButton);
        await page.WaitForURLAsync(fixture.LocalhostUrl + "/");
        await Assertions.Expect(page.Locator($"[data-role='{role}']")).ToBeVisibleAsync();
        if (withoutJsonHelpers)
        {
            Assert.True(await page.EvaluateAsync<bool>("() => typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'undefined'"));
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_member_of_a_passkeys_only_organisation_activates_with_a_passkey_and_signs_in_with_it()
    {
        const string organisation = "Lindendal College";
        const string email = "zorgcoordinator@lindendal-college.example";
        var organisationId = await fixture.App.WithDbAsync(async db =>
        {
            var o = await db.Organisations.SingleAsync(x => x.Name == organisation);
            o.RequirePasskeys = true;
            await db.SaveChangesAsync();
            return o.Id;
        });
        string activation;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var invited = await scope.ServiceProvider.GetRequiredService<UserAdmin>()
                .InviteAsync(new InviteUserInput(email, "Zorgcoördinator Lindendal College", organisationId, [Roles.OccasionalPartner]));
            activation = invited.Value!.ActivationPath;
        }

        var page = await fixture.NewPageAsync("nl-NL", fixture.LocalhostUrl);
        await VirtualAuthenticator.AttachAsync(page);
        await page.GotoAsync(activation);
        await Assertions.Expect(page.GetByLabel("Nieuw wachtwoord")).ToHaveCountAsync(0);
        await page.GetByLabel("Naam van de passkey", new() { Exact = true }).FillAsync("Werktelefoon");
        await page.ScreenshotAsync(new() { Path = Shot("activate-passkey-nl.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Passkey maken en account activeren" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Uw account is actief.")).ToBeVisibleAsync();

        // Password sign-in is refused with a message pointing at the passkey button; the passkey works.
        await page.GetByLabel("E-mailadres").FillAsync(email);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync("Wat dan ook, het maakt niet uit");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Het e-mailadres of wachtwoord klopt niet" })).ToBeVisibleAsync();
        await new LoginPage(page, fixture).SignInWithPasskeyAsync("Inloggen met een passkey");
        await page.WaitForURLAsync(fixture.LocalhostUrl + "/");
        await Assertions.Expect(page.Locator("[data-role='occasional-partner']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);
}
