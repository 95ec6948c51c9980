using Microsoft.Playwright;

namespace Casus.BrowserTests.Pages;

/// <summary>
/// Chromium's virtual WebAuthn authenticator (DevTools protocol): a platform authenticator with resident keys that
/// verifies the user at once, so navigator.credentials.create() and .get() work headless without a person.
/// </summary>
public static class VirtualAuthenticator
{
    public static async Task<ICDPSession> AttachAsync(IPage page)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("WebAuthn.enable");
        await session.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return session;
    }
}
