using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.Playwright;

namespace Casus.BrowserTests.Pages;

/// <summary>The two sign-in steps as a person does them, found by their labels.</summary>
public sealed class LoginPage(IPage page, BrowserFixture fixture)
{
    public async Task SignInAsync(DemoAccount account, string emailLabel, string passwordLabel, string codeLabel)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel(emailLabel).FillAsync(account.Email);
        await page.GetByLabel(passwordLabel, new() { Exact = true }).FillAsync(DemoRegion.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/account/twofactor**");
        await EnterCodeAsync(account.TotpSecret, codeLabel);
    }

    /// <summary>The passkey button: the browser's authenticator answers, and the session starts without password or code.</summary>
    public async Task SignInWithPasskeyAsync(string buttonName)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await page.GotoAsync("/account/login");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = buttonName }).ClickAsync();
    }

    public async Task EnterCodeAsync(string secret, string codeLabel)
    {
        var code = ReplayProtectedTotpProvider.CurrentCode(secret, fixture.App.Time.GetUtcNow());
        fixture.App.Time.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel(codeLabel).FillAsync(code);
        await page.Keyboard.PressAsync("Enter");
    }
}
