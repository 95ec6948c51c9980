namespace Casus.Web.Features.Weighing;

public static class WeighingSetup
{
    public static IServiceCollection AddWeighing(this IServiceCollection services)
    {
        services.AddScoped<WeighingAccess>();
        services.AddScoped<WeighingActions>();
        services.AddScoped<WeighingQueries>();
        // Built at start so that a bad checklist file stops the application with a clear message.
        services.AddSingleton<WeighingCriteriaCatalogue>();
        services.AddOptions<WeighingCriteriaCheck>().Configure<WeighingCriteriaCatalogue>((_, _) => { }).ValidateOnStart();
        return services;
    }
}

/// <summary>Texts of the weighing step that depend on the national profile.</summary>
public static class WeighingStep
{
    /// <summary>What the profile calls the step (Weighing, Screening, Police check), in the user's language.</summary>
    public static string Name(Platform.Profiles.NationalProfile profile) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? profile.WeighingStepNameNl : profile.WeighingStepNameEn;
}
