using System.ComponentModel.DataAnnotations;
using Casus.Web.Platform.Security;
using Microsoft.Extensions.Options;

namespace Casus.Web.Features.Privacy;

public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddScoped<ProcessingLogSearch>();
        services.AddScoped<LogVerifications>();
        services.AddScoped<AccessReview>();
        services.AddScoped<Register.ProcessingRegister>();
        services.AddSingleton<Register.CurrentRegisterVersions>();
        services.AddSingleton<Platform.ProcessingLog.IProcessingActivityVersions>(sp => sp.GetRequiredService<Register.CurrentRegisterVersions>());
        services.AddHostedService<LogVerificationJob>();
        services.AddHostedService<AccessReviewJob>();
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddAuthorizationBuilder()
            .AddPolicy(PrivacyPolicies.Officer, p => p.RequireAuthenticatedUser().RequireRole(Roles.PrivacyOfficer));
        return services;
    }
}

/// <summary>Who may read the processing log: the privacy officer, for the region of their organisation.</summary>
public static class PrivacyPolicies
{
    public const string Officer = "privacy-officer";
}

/// <summary>The rules for unusual access (docs/processing-log.md), checked at start.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Distinct persons one user opens within <see cref="ManyPersonsMinutes"/> that make a flag.</summary>
    [Range(2, 10_000)] public int ManyPersonsCount { get; set; } = 20;
    [Range(1, 1440)] public int ManyPersonsMinutes { get; set; } = 10;
    /// <summary>Working hours, local time in <see cref="TimeZone"/>, as "HH:mm".</summary>
    public string WorkdayStart { get; set; } = "07:00";
    public string WorkdayEnd { get; set; } = "19:00";
    public DayOfWeek[] WorkingDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    /// <summary>IANA time zone of working hours and of the log search's days.</summary>
    public string TimeZone { get; set; } = "Europe/Amsterdam";
    /// <summary>Hours before a case membership ends in which opening the case's person is flagged.</summary>
    [Range(1, 720)] public int BeforeMembershipEndsHours { get; set; } = 48;
    /// <summary>
    /// How long a web node keeps the register's current versions in memory before reading them again (0: every record
    /// reads them). A version published on another node reaches this node's log records within this time.
    /// </summary>
    [Range(0, 3600)] public int RegisterCacheSeconds { get; set; } = 30;

    // Methods, not properties: validation reads every property, and these throw until the values are checked.
    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
    public TimeOnly Start() => TimeOnly.ParseExact(WorkdayStart, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    public TimeOnly End() => TimeOnly.ParseExact(WorkdayEnd, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the moment lies in working hours where the organisation works.</summary>
    public bool InWorkingHours(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone());
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return WorkingDays.Contains(local.DayOfWeek) && time >= Start() && time < End();
    }
}

public sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var failures = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Privacy:TimeZone '{options.TimeZone}' is not a known time zone (e.g. Europe/Amsterdam).");
        }
        var format = System.Globalization.CultureInfo.InvariantCulture;
        var startOk = TimeOnly.TryParseExact(options.WorkdayStart, "HH:mm", format, System.Globalization.DateTimeStyles.None, out var start);
        var endOk = TimeOnly.TryParseExact(options.WorkdayEnd, "HH:mm", format, System.Globalization.DateTimeStyles.None, out var end);
        if (!startOk || !endOk)
        {
            failures.Add("Privacy:WorkdayStart and Privacy:WorkdayEnd are times written HH:mm, e.g. 07:00 and 19:00.");
        }
        else if (end <= start)
        {
            failures.Add("Privacy:WorkdayEnd must be later than Privacy:WorkdayStart.");
        }
        if (options.WorkingDays is null || options.WorkingDays.Length == 0)
        {
            failures.Add("Privacy:WorkingDays needs at least one day.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
