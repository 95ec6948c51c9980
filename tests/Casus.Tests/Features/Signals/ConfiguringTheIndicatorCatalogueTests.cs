using System.Net;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Signals;

/// <summary>An organisation loads its own versioned indicator catalogue; signals keep the words they were reported with.</summary>
public sealed class ConfiguringTheIndicatorCatalogueTests
{
    private static string WriteCatalogue(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), "casus-tests", $"catalogue-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    private const string Version2 = """
        {
          "profileKey": "NL-PGA", "version": 2,
          "groups": [ { "key": "school", "textNl": "Op school", "textEn": "At school" } ],
          "indicators": [
            { "code": "school-absence", "group": "school", "textNl": "Verzuimt opvallend vaak", "textEn": "Is absent strikingly often" },
            { "code": "school-statements", "group": "school", "textNl": "Doet uitspraken in de les die geweld goedpraten", "textEn": "Says things in class that excuse violence" }
          ]
        }
        """;

    [Fact]
    public async Task A_loaded_catalogue_becomes_the_current_one_and_earlier_signals_keep_their_indicators()
    {
        var database = TestDatabase.Create();
        Guid earlier;
        DateTimeOffset clock;
        await using (var before = new AppFactory(database, null) { OwnsDatabase = false })
        {
            await ((Xunit.IAsyncLifetime)before).InitializeAsync();
            using var police = await before.SignedInAsAsync(Roles.PartnerProfessional);
            earlier = (await police.RegisterAsync(await before.SignalAboutAsync("Eerder", "Gemeld"))).Id;
            clock = before.Time.GetUtcNow();
        }

        var app = new AppFactory(database, new Dictionary<string, string?> { [IndicatorCatalogues.FilesSetting + ":0"] = WriteCatalogue(Version2) });
        await using var cleanup = new Disposer(app);
        app.Time.AdjustTime(clock.AddMinutes(1)); // the same accounts: a used authenticator code stays used
        using var reporter = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var form = await reporter.GetPageAsync("/signals/new");
        Assert.Contains("Op school", form, StringComparison.Ordinal);
        Assert.Contains("Verzuimt opvallend vaak", form, StringComparison.Ordinal);
        Assert.DoesNotContain("online-propaganda", form, StringComparison.Ordinal);

        var input = await app.SignalAboutAsync("Later", "Gemeld") with { Indicators = ["school-absence"] };
        var registered = await reporter.RegisterAsync(input);
        Assert.Equal("NL-PGA:2", await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Id == registered.Id).Select(s => s.IndicatorCatalogueVersion).SingleAsync()));
        var old = await reporter.PostJsonAsync("/api/v1/signals", input with { Indicators = ["online-propaganda"] });
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);

        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        Assert.Equal("Shares or searches for extremist propaganda online", (await coordinator.SignalAsync(earlier)).Indicators.Single(i => i.Code == "online-propaganda").TextEn);
        Assert.Equal("Verzuimt opvallend vaak", Assert.Single((await coordinator.SignalAsync(registered.Id)).Indicators).TextNl);
    }

    [Theory]
    [InlineData("""{ "profileKey": "XX", "version": 2, "groups": [], "indicators": [ { "code": "a", "group": "g", "textNl": "a", "textEn": "a" } ] }""", "profileKey must name a national profile")]
    [InlineData("""{ "profileKey": "NL-PGA", "version": 1, "groups": [ { "key": "g", "textNl": "g", "textEn": "g" } ], "indicators": [ { "code": "a", "group": "g", "textNl": "a", "textEn": "a" } ] }""", "version must be higher than 1")]
    [InlineData("""{ "profileKey": "NL-PGA", "version": 3, "groups": [], "indicators": [ { "code": "a", "group": "g", "textNl": "a", "textEn": "a" } ] }""", "every group an indicator names must be in groups")]
    [InlineData("""{ "profileKey": "NL-PGA", "version": 3, "groups": [ { "key": "g", "textNl": "g", "textEn": "g" } ], "indicators": [ { "code": "a", "group": "g", "textNl": "a", "textEn": "a" }, { "code": "a", "group": "g", "textNl": "b", "textEn": "b" } ] }""", "indicator codes must be unique")]
    [InlineData("not json", "cannot be read")]
    public async Task A_bad_catalogue_file_stops_the_start_with_a_message_that_says_what_is_wrong(string json, string message)
    {
        var app = new AppFactory(TestDatabase.Create(), new Dictionary<string, string?> { [IndicatorCatalogues.FilesSetting + ":0"] = WriteCatalogue(json) });
        await using var cleanup = new Disposer(app);
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Stops the app and removes its database, also when it never started.</summary>
    private sealed class Disposer(AppFactory app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ((Xunit.IAsyncLifetime)app).DisposeAsync();
    }
}
