using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Casus.Web.Platform.Localization;

/// <summary>Marker for the shared resource files SharedResource.nl.resx and SharedResource.en.resx.</summary>
public sealed class SharedResource;

public static class LocalizationSetup
{
    public static readonly string[] Cultures = ["nl", "en"];
    public const string CultureCookie = "casus-lang";

    public static WebApplicationBuilder AddCasusLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            var profile = builder.Configuration["Profile:DefaultLanguage"] ?? "nl";
            o.DefaultRequestCulture = new RequestCulture(profile);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = CultureCookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    public static void WriteCultureCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Secure = response.HttpContext.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = TimeSpan.FromDays(365), IsEssential = true });
}
