using Casus.Web.Platform.Data;
using Casus.Web.Platform.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Account;

public static class AccountSetup
{
    public static IServiceCollection AddAccount(this IServiceCollection services) =>
        services.AddScoped<SignInService>().AddScoped<ExternalSignIn>().AddScoped<PasskeyService>();

    public static WebApplication MapAccount(this WebApplication app)
    {
        // The language switch works for everyone, signed in or not; a signed-in user's choice is remembered on the account.
        app.MapPost("/account/language", async ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext context,
                UserManager<CasusUser> users) =>
            {
                if (!LocalizationSetup.Cultures.Contains(culture))
                {
                    return Results.BadRequest();
                }
                LocalizationSetup.WriteCultureCookie(context.Response, culture);
                if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
                {
                    user.PreferredCulture = culture;
                    await users.UpdateAsync(user);
                }
                var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
                    ? returnUrl : "/";
                return Results.LocalRedirect(target);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
