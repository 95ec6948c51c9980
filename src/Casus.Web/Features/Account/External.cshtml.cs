using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Casus.Web.Features.Account;

/// <summary>
/// Sign-in through an organisation's own OpenID Connect provider: the POST sends the browser to the provider; the
/// provider's handler signs the person into the external cookie and returns here (Callback), where the Casus account
/// is found (<see cref="ExternalSignIn"/>) and the session starts. Refusals are shown on this page.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class ExternalModel(
    IOptions<ExternalSignInOptions> options,
    SignInManager<CasusUser> signIn,
    ExternalSignIn external,
    SignInService service,
    IProcessingLogger log,
    ILogger<ExternalModel> logger) : PageModel
{
    [BindProperty] public string? Provider { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? ErrorKey { get; private set; }
    public string ProviderName { get; private set; } = "";

    public IActionResult OnGet() => RedirectToPage("Login");

    public async Task<IActionResult> OnPostAsync()
    {
        var provider = options.Value.FindByKey(Provider);
        if (provider is null)
        {
            return RedirectToPage("Login");
        }
        var callback = Url.Page("External", "Callback", new { returnUrl = LocalReturnUrl() });
        var properties = signIn.ConfigureExternalAuthenticationProperties(provider.SchemeName, callback);
        try
        {
            await HttpContext.ChallengeAsync(provider.SchemeName, properties);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            // The provider's metadata could not be read (unreachable, not an OpenID provider): say so instead of a 500.
            logger.LogWarning(e, "Identity provider {Provider} could not be reached for a sign-in.", provider.Key);
            ProviderName = provider.DisplayName;
            ErrorKey = "External.Unavailable";
            return Page();
        }
        return new EmptyResult();
    }

    public async Task<IActionResult> OnGetCallbackAsync()
    {
        var result = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        string? scheme = null;
        var provider = result.Succeeded && result.Properties?.Items.TryGetValue("LoginProvider", out scheme) == true
            ? options.Value.FindByScheme(scheme) : null;
        if (provider is null || result.Principal is null)
        {
            await log.RecordDeniedAsync(OpenIdConnectSetup.DeniedAction, "no-external-session");
            ErrorKey = "External.Interrupted";
            return Page();
        }
        ProviderName = provider.DisplayName;

        var outcome = await external.FindAccountAsync(provider, result.Principal);
        if (outcome.User is not { } user)
        {
            ErrorKey = outcome.Refusal switch
            {
                ExternalSignInRefusal.NoMultiFactor => "External.NoMultiFactor",
                ExternalSignInRefusal.PasskeysRequired => "Login.PasskeyRequired",
                _ => "External.Failed",
            };
            return Page();
        }
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: provider.SchemeName);
        await service.OnSignedInAsync(user, Response);
        return LocalRedirect(LocalReturnUrl() ?? "/");
    }

    public IActionResult OnGetFailed()
    {
        ErrorKey = "External.Interrupted";
        return Page();
    }

    private string? LocalReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
}
