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
            var cultures = Cultures.Select(Culture).ToList();
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

    /// <summary>
    /// The culture for a language. English is written the European way (day before month, 24-hour clock): Casus is
    /// used by European municipalities, and "11/05" read as 5 November would misdate a signal.
    /// </summary>
    public static CultureInfo Culture(string language)
    {
        if (language != "en")
        {
            return new CultureInfo(language);
        }
        var english = (CultureInfo)new CultureInfo("en").Clone();
        var british = new CultureInfo("en-GB");
        english.DateTimeFormat = british.DateTimeFormat;
        english.NumberFormat = british.NumberFormat;
        return english;
    }

    public static void WriteCultureCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Secure = response.HttpContext.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = TimeSpan.FromDays(365), IsEssential = true });
}
