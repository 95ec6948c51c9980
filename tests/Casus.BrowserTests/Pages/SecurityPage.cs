using Microsoft.Playwright;

namespace Casus.BrowserTests.Pages;

/// <summary>The account security page: the user's passkeys, found by their labels and names.</summary>
public sealed class SecurityPage(IPage page)
{
    public async Task OpenFromHeaderAsync(string linkName)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = linkName, Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/account/security");
    }

    /// <summary>Names the passkey and lets the browser (its virtual authenticator) create it.</summary>
    public async Task AddPasskeyAsync(string name, string nameLabel, string buttonName)
    {
        await page.GetByLabel(nameLabel, new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = buttonName }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("passkey").Filter(new() { HasText = name })).ToBeVisibleAsync();
    }
}
