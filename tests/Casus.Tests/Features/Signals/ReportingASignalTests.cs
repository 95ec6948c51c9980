using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Casus.Tests.Support;
using Casus.Web.Features.Shared;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Security;
using Casus.Web.Platform.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Casus.Tests.Features.Signals;

/// <summary>A professional reports a signal; who may see it afterwards; what bad input does.</summary>
public sealed class ReportingASignalTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_partner_reports_through_the_form_and_finds_it_in_their_own_list()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var response = await police.SubmitFormAsync("/signals/new", new Dictionary<string, string>
        {
            ["Input.MunicipalityId"] = (await app.MunicipalityIdAsync("Brugwater")).ToString(),
            ["Input.GivenNames"] = "Jan",
            ["Input.SurnamePrefix"] = "van der",
            ["Input.Surname"] = "Velde",
            ["Input.DateOfBirth"] = "14-03-2006",
            ["Input.Phenomenon"] = "RightWingExtremism",
            ["Input.Indicators"] = "threats",
            ["Input.Narrative"] = "Dreigde op het schoolplein met een mes.",
            ["Input.Urgency"] = "High",
        });
        await Expect.StatusAsync(response, HttpStatusCode.Redirect);
        Assert.Equal("/signals/mine", response.Headers.Location!.OriginalString);

        var mine = await police.GetPageAsync("/signals/mine");
        Assert.Contains("Jan van der Velde", mine, StringComparison.Ordinal);
        Assert.Matches(@"S\d\d-[2-9A-Z]{6}", mine);
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var inbox = await coordinator.SearchInboxAsync("velde");
        Assert.Contains("Jan van der Velde", inbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_coordinator_reads_back_exactly_what_was_reported()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var input = await app.SignalAboutAsync("Mohammed", "El Amrani") with
        {
            NationalId = "111222333", Aliases = ["Mo"], IsOnline = true, OnlinePlatform = "Telegram", OnlineHandle = "@mo_fighter", DateOfBirthUnsure = true,
        };
        var registered = await police.RegisterAsync(input);
        Assert.Equal(SignalStatus.New, registered.Status);

        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var signal = await coordinator.SignalAsync(registered.Id);
        Assert.Equal("Mohammed El Amrani", signal.Subject.DisplayName);
        Assert.Equal("111222333", signal.Subject.NationalId);
        Assert.Equal("2007-03-14", signal.Subject.DateOfBirth!.ToString());
        Assert.True(signal.Subject.DateOfBirthUnsure);
        Assert.Equal(["Mo"], signal.Subject.Aliases);
        Assert.Equal("@mo_fighter", signal.Subject.OnlineHandle);
        Assert.Equal(input.Narrative, signal.Narrative);
        Assert.Equal(["online-propaganda", "us-them"], signal.Indicators.Select(i => i.Code));
        Assert.Equal("Politie eenheid Rivierenland", signal.ReporterOrganisationName);
        Assert.True(signal.CanManage);
        Assert.Equal(SignalEventKind.Registered, Assert.Single(signal.History).Kind);
    }

    [Fact]
    public async Task A_reporter_of_another_organisation_gets_nothing_of_the_signal()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var registered = await police.RegisterAsync(await app.SignalAboutAsync("Sanne", "Kuipers"));

        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        var api = await mentalHealth.GetAsync($"/api/v1/signals/{registered.Id}");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("Kuipers", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await mentalHealth.GetAsync($"/signals/{registered.Id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Kuipers", await mentalHealth.GetPageAsync("/signals/mine"), StringComparison.Ordinal);
        var list = await mentalHealth.GetAsync("/api/v1/signals/mine");
        Assert.DoesNotContain("Kuipers", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_director_sees_only_their_own_municipalitys_signals()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var inLindendal = await police.RegisterAsync(await app.SignalAboutAsync("Pieter", "Lindeman", "Lindendal"));
        var inBrugwater = await police.RegisterAsync(await app.SignalAboutAsync("Pieter", "Brugman", "Brugwater"));

        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        var inbox = await director.Http.GetFromJsonAsync<PageOf<SignalListItem>>("/api/v1/signals?pageSize=200", SignalBuilder.Json);
        Assert.Contains(inbox!.Items, s => s.Id == inLindendal.Id);
        Assert.DoesNotContain(inbox.Items, s => s.Id == inBrugwater.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync($"/api/v1/signals/{inBrugwater.Id}")).StatusCode);
        var stale = await director.PostWithVersionAsync($"/api/v1/signals/{inBrugwater.Id}/start-weighing", new { }, inBrugwater.Version);
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);

        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var all = await coordinator.Http.GetFromJsonAsync<PageOf<SignalListItem>>("/api/v1/signals?pageSize=200", SignalBuilder.Json);
        Assert.Contains(all!.Items, s => s.Id == inBrugwater.Id);
    }

    [Theory]
    [InlineData("Narrative", "<script>alert('x')</script> zag iets", "Validation.NoMarkup")]
    [InlineData("Surname", "<img src=x onerror=alert(1)>", "Validation.NoMarkup")]
    [InlineData("DateOfBirth", "31-02-2001", "Validation.DateOfBirth.Invalid")]
    [InlineData("DateOfBirth", "2099-01-01", "Validation.DateOfBirth.Future")]
    [InlineData("NationalId", "123456789", "Validation.NationalId.Bsn")]
    [InlineData("Narrative", "", "Validation.Narrative.Required")]
    public async Task Bad_input_gets_a_clear_error_and_changes_nothing(string field, string value, string expectedKey)
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var input = await app.SignalAboutAsync("Test", "Persoon");
        input = field switch
        {
            "Narrative" => input with { Narrative = value },
            "Surname" => input with { Surname = value },
            "DateOfBirth" => input with { DateOfBirth = value },
            _ => input with { NationalId = value },
        };
        var before = await app.WithDbAsync(db => db.Set<Signal>().CountAsync());
        var response = await police.PostJsonAsync("/api/v1/signals", input);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await SignalBuilder.ProblemAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
        // The user's text in the request's language (Dutch: the NL profile's default), not a resource key.
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("nl");
        try
        {
            Assert.Equal([localizer[expectedKey].Value], messages);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Signal>().CountAsync()));
    }

    [Fact]
    public async Task A_signal_without_any_name_alias_or_handle_is_refused_with_a_message_in_dutch()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        police.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl");
        var input = await app.SignalAboutAsync("", "");
        var response = await police.PostJsonAsync("/api/v1/signals", input with { GivenNames = null, Surname = null });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await SignalBuilder.ProblemAsync(response);
        Assert.Contains("bijnaam", problem.GetProperty("errors").GetProperty("Surname")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_municipality_of_another_region_or_an_unknown_indicator_is_refused()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var input = await app.SignalAboutAsync("Eva", "Jansen");
        var response = await police.PostJsonAsync("/api/v1/signals", input with { MunicipalityId = Guid.NewGuid(), Indicators = ["made-up"] });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await SignalBuilder.ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("MunicipalityId", out _));
        Assert.True(errors.TryGetProperty("Indicators", out _));
    }

    [Fact]
    public async Task A_wrong_type_in_the_json_body_is_a_bad_request()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var response = await police.Http.PostAsync("/api/v1/signals",
            new StringContent("""{"phenomenon":"Piracy","urgency":42}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    [Trait("Category", "SqliteOnly")]
    public async Task The_database_file_holds_no_clear_text_about_the_person()
    {
        if (TestDatabase.OnPostgres)
        {
            return;
        }
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await police.RegisterAsync(await app.SignalAboutAsync("Zakaria", "Oudghiri-Planted", narrative: "Bezocht de moskee-planted-verhaal aan de Kerkstraat.") with
        {
            NationalId = "123456782", Street = "Planted-Kerkstraat", Aliases = ["Zaki-Planted"],
        });
        // Everything on disk: the database and its write-ahead log.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var folder = app.Database.Folder;
        var bytes = Directory.GetFiles(folder, "casus.db*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.NotEmpty(bytes);
        foreach (var planted in new[] { "Oudghiri", "Zakaria", "123456782", "Kerkstraat", "Zaki-Planted", "moskee" })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(planted)));
        }
    }
}
