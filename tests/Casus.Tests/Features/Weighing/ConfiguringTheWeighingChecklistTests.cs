using System.Net;
using Casus.Tests.Support;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform.Security;

namespace Casus.Tests.Features.Weighing;

/// <summary>An organisation loads its own versioned weighing checklist; earlier decisions keep the criteria they were taken on.</summary>
public sealed class ConfiguringTheWeighingChecklistTests
{
    private static string WriteChecklist(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), "casus-tests", $"criteria-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    private const string Version2 = """
        {
          "profileKey": "NL-PGA", "version": 2,
          "criteria": [
            { "code": "pga-threshold", "textNl": "De zorg overschrijdt de drempel van de persoonsgerichte aanpak", "textEn": "The concern crosses the threshold of the person-centred approach" },
            { "code": "consent-considered", "textNl": "Toestemming of betrokkenheid van de persoon is overwogen", "textEn": "The person's consent or involvement has been considered" }
          ]
        }
        """;

    [Fact]
    public async Task A_loaded_checklist_becomes_the_current_one_and_earlier_decisions_keep_their_criteria()
    {
        var database = TestDatabase.Create();
        Guid earlier;
        DateTimeOffset clock;
        await using (var before = new AppFactory(database, null) { OwnsDatabase = false })
        {
            await ((Xunit.IAsyncLifetime)before).InitializeAsync();
            using var coordinator = await before.SignedInAsAsync(Roles.ProcessCoordinator);
            var (first, _) = await before.PersonWithTwoSignalsAsync(coordinator, "Eerder", "Gewogen");
            earlier = (await coordinator.DecidedAsync(first.Id, WeighingBuilder.Complete(WeighingOutcome.ReferCare))).Id;
            clock = before.Time.GetUtcNow();
        }

        var app = new AppFactory(database, new Dictionary<string, string?> { [WeighingCriteriaCatalogue.FilesSetting + ":0"] = WriteChecklist(Version2) });
        await using var cleanup = new Disposer(app);
        app.Time.AdjustTime(clock.AddMinutes(1)); // the same accounts: a used authenticator code stays used
        using var later = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var (signal, _) = await app.PersonWithTwoSignalsAsync(later, "Later", "Gewogen");
        var form = await later.GetPageAsync($"/signals/{signal.Id}/weigh");
        Assert.Contains("De zorg overschrijdt de drempel van de persoonsgerichte aanpak", form, StringComparison.Ordinal);
        Assert.DoesNotContain("crit-identified", form, StringComparison.Ordinal);

        var old = await later.DecideAsync(signal.Id, WeighingBuilder.Complete(WeighingOutcome.NoAction));
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        var decision = await later.DecidedAsync(signal.Id, WeighingBuilder.Complete(WeighingOutcome.NoAction) with { Criteria = ["pga-threshold"] });
        var detail = await later.DecisionAsync(decision.Id);
        Assert.Equal("NL-PGA:2", detail.CriteriaVersion);
        Assert.Equal("The concern crosses the threshold of the person-centred approach", Assert.Single(detail.Criteria).TextEn);

        var earlierDetail = await later.DecisionAsync(earlier);
        Assert.Equal("NL-PGA:1", earlierDetail.CriteriaVersion);
        Assert.Contains(earlierDetail.Criteria, c => c.Code == "identified" && c.TextEn.StartsWith("The person is sufficiently identified", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "profileKey": "XX", "version": 2, "criteria": [ { "code": "a", "textNl": "a", "textEn": "a" } ] }""", "profileKey must name a national profile")]
    [InlineData("""{ "profileKey": "NL-PGA", "version": 1, "criteria": [ { "code": "a", "textNl": "a", "textEn": "a" } ] }""", "version must be higher than 1")]
    [InlineData("""{ "profileKey": "NL-PGA", "version": 3, "criteria": [] }""", "criteria is empty")]
    [InlineData("""{ "profileKey": "NL-PGA", "version": 3, "criteria": [ { "code": "a", "textNl": "a" } ] }""", "every criterion needs code, textNl and textEn")]
    [InlineData("""{ "profileKey": "NL-PGA", "version": 3, "criteria": [ { "code": "a", "textNl": "a", "textEn": "a" }, { "code": "a", "textNl": "b", "textEn": "b" } ] }""", "criterion codes must be unique")]
    [InlineData("not json", "cannot be read")]
    public async Task A_bad_checklist_file_stops_the_start_with_a_message_that_says_what_is_wrong(string json, string message)
    {
        var app = new AppFactory(TestDatabase.Create(), new Dictionary<string, string?> { [WeighingCriteriaCatalogue.FilesSetting + ":0"] = WriteChecklist(json) });
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
