using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Security;

namespace Casus.Tests.Features.Retention;

/// <summary>
/// A municipality whose own decision sets a shorter period than the profile's: configured under Profile:Retention with
/// its legal source, shown to the privacy officer, and used by the daily run. A period without its source stops the start.
/// </summary>
public sealed class ConfiguringRetentionPeriodsTests
{
    [Fact]
    public async Task A_configured_period_with_its_source_replaces_the_profiles_and_the_daily_run_uses_it()
    {
        var app = new AppFactory(TestDatabase.Create(), new Dictionary<string, string?>
        {
            ["Profile:Retention:SignalMonths"] = "6",
            ["Profile:Retention:SignalSource"] = "Besluit college van B&W Lindendal, 3 maart 2026",
        });
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            await ConfiguredPeriodIsUsedAsync(app);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private static async Task ConfiguredPeriodIsUsedAsync(AppFactory app)
    {
        RegisteredSignal old;
        using (var police = await app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            old = await police.RegisterAsync(await app.SignalAboutAsync("Noor", "Visser"));
        }
        app.Time.Advance(TimeSpan.FromDays(200));
        await app.RunRetentionAsync();

        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var rules = await privacy.GetPageAsync("/privacy/retention");
        Assert.Contains("Besluit college van B&amp;W Lindendal, 3 maart 2026", rules, StringComparison.Ordinal);
        // Six months, not the profile's twelve: the signal of 200 days ago is on the list.
        Assert.Equal(old.Reference, Assert.Single(await privacy.ProposalsAsync()).Reference);
    }

    [Fact]
    public async Task A_configured_period_without_its_legal_source_stops_the_start()
    {
        var app = new AppFactory(TestDatabase.Create(), new Dictionary<string, string?> { ["Profile:Retention:CaseYears"] = "3" });
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => app.Services);
            Assert.Contains("needs its legal source", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
