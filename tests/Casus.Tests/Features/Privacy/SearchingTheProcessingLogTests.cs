using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Privacy;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Privacy;

/// <summary>The privacy officer searches the log by person, user, organisation, period; exports it; and sees only their region.</summary>
public sealed class SearchingTheProcessingLogTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_signal_reference_finds_exactly_that_persons_records_and_the_search_is_itself_logged()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var anna = await police.RegisterAsync(await app.SignalAboutAsync("Anna", "Verkerk"));
        var bert = await police.RegisterAsync(await app.SignalAboutAsync("Bert", "Zonneveld"));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await coordinator.SignalAsync(anna.Id);

        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var result = await privacy.SearchLogAsync(new LogSearch(Reference: anna.Reference.ToLowerInvariant(), PageSize: 200));
        var annaPseudonym = await app.PersonPseudonymAsync(anna.Id);
        var bertPseudonym = await app.PersonPseudonymAsync(bert.Id);
        Assert.All(result.Items, r => Assert.Equal(annaPseudonym, r.SubjectPseudonym));
        Assert.DoesNotContain(result.Items, r => r.SubjectPseudonym == bertPseudonym);
        var policeId = await app.UserIdAsync("police@casus.demo");
        var coordinatorId = await app.UserIdAsync("coordinator@casus.demo");
        Assert.Contains(result.Items, r => r.UserId == policeId && r.Action == "create" && r.ActivityId == SignalActivities.Signals.Id && r.SubjectKind == "person");
        Assert.Contains(result.Items, r => r.UserId == coordinatorId && r.Action == "read" && r.UserName == "Procesregisseur (demo)");

        // Reading the log about Anna is itself a record about Anna, by the privacy officer.
        var privacyId = await app.UserIdAsync("privacy@casus.demo");
        var again = await privacy.SearchLogAsync(new LogSearch(Reference: anna.Reference, PageSize: 200));
        Assert.Contains(again.Items, r => r.UserId == privacyId && r.Action == "search" && r.ActivityId == PrivacyActivities.Supervision.Id);
    }

    [Fact]
    public async Task The_search_form_keeps_the_reference_out_of_every_address()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var signal = await police.RegisterAsync(await app.SignalAboutAsync("Cor", "Hoogland"));
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);

        var redirect = await privacy.SubmitFormAsync("/privacy/log", new Dictionary<string, string> { ["reference"] = signal.Reference }, "/privacy/log?handler=Search");
        await Expect.StatusAsync(redirect, HttpStatusCode.Redirect);
        var location = redirect.Headers.Location!.OriginalString;
        Assert.DoesNotContain(signal.Reference, location, StringComparison.OrdinalIgnoreCase);
        var page = await privacy.GetPageAsync(location);
        var pseudonym = await app.PersonPseudonymAsync(signal.Id);
        Assert.Contains(pseudonym[..10], page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"log-row\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Hoogland", page, StringComparison.Ordinal);

        // The export links carry the same token; the CSV holds the person's records in full.
        var csv = await privacy.GetAsync(location + "&handler=Csv");
        await Expect.StatusAsync(csv, HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("time,user_id,user,organisation_id,organisation,action,processing_activity_id", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains(pseudonym, text, StringComparison.Ordinal);

        var wrong = await privacy.SubmitFormAsync("/privacy/log", new Dictionary<string, string> { ["reference"] = "Jan Jansen" }, "/privacy/log?handler=Search");
        await Expect.StatusAsync(wrong, HttpStatusCode.OK);
        Assert.Contains("S26-K7MQ2X", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_and_a_period_narrow_the_search()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await police.RegisterAsync(await app.SignalAboutAsync("Dirk", "Smits"));
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var policeId = await app.UserIdAsync("police@casus.demo");

        var byUser = await privacy.SearchLogAsync(new LogSearch(UserId: policeId, PageSize: 200));
        Assert.NotEmpty(byUser.Items);
        var asSubject = app.UserPseudonym(policeId);
        Assert.All(byUser.Items, r => Assert.True(r.UserId == policeId || r.SubjectPseudonym == asSubject));

        // Days are the officer's (Europe/Amsterdam). The test clock starts at the real time and the class's sign-ins
        // move it on, so near midnight the records span two days: the period runs from the first record's day.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        var firstDay = LocalDay(byUser.Items.Min(r => r.At));
        var today = LocalDay(app.Time.GetUtcNow());
        var period = await privacy.SearchLogAsync(new LogSearch(UserId: policeId, From: firstDay, To: today, PageSize: 200));
        // Searching by a user is itself a record about that user: the second search finds one more.
        Assert.Equal(byUser.Total + 1, period.Total);
        var tomorrow = await privacy.SearchLogAsync(new LogSearch(UserId: policeId, From: today.AddDays(1), PageSize: 200));
        Assert.Empty(tomorrow.Items);
        var before = await privacy.SearchLogAsync(new LogSearch(UserId: policeId, To: firstDay.AddDays(-1), PageSize: 200));
        Assert.Empty(before.Items);

        var sorted = await privacy.SearchLogAsync(new LogSearch(UserId: policeId, Sort: "time", PageSize: 200));
        Assert.Equal(sorted.Items.OrderBy(r => r.At).Select(r => r.At), sorted.Items.Select(r => r.At));

        var invalid = await privacy.Http.PostAsJsonAsync("/api/v1/privacy/log/search", new LogSearch(Reference: "Jansen", From: today, To: today.AddDays(-1)), SignalBuilder.Json);
        await Expect.StatusAsync(invalid, HttpStatusCode.BadRequest);
        var problem = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Reference", problem, StringComparison.Ordinal);
        Assert.Contains("To", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_export_has_the_shape_of_the_logboek_dataverwerkingen()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var signal = await police.RegisterAsync(await app.SignalAboutAsync("Els", "Kortekaas"));
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var pseudonym = await app.PersonPseudonymAsync(signal.Id);

        var response = await privacy.Http.PostAsJsonAsync("/api/v1/privacy/log/export/json", new LogSearch(Reference: signal.Reference), SignalBuilder.Json);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var spans = json.RootElement.GetProperty("spans").EnumerateArray().ToList();
        var created = Assert.Single(spans, s => s.GetProperty("name").GetString() == "create");
        Assert.Equal(32, created.GetProperty("trace_id").GetString()!.Length);
        Assert.Equal(16, created.GetProperty("span_id").GetString()!.Length);
        var attributes = created.GetProperty("attributes");
        Assert.Equal(SignalActivities.Signals.Id, attributes.GetProperty("dpl.core.processing_activity_id").GetString());
        Assert.Equal(pseudonym, attributes.GetProperty("dpl.core.data_subject_id").GetString());
        Assert.Equal("person", attributes.GetProperty("dpl.core.data_subject_id_type").GetString());
        Assert.Equal(await app.UserIdAsync("police@casus.demo"), attributes.GetProperty("casus.access.user_id").GetGuid());

        var csv = await privacy.Http.PostAsJsonAsync("/api/v1/privacy/log/export/csv", new LogSearch(Reference: signal.Reference), SignalBuilder.Json);
        await Expect.StatusAsync(csv, HttpStatusCode.OK);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The JSON export was recorded too (about the same person), so the CSV has that record as well.
        Assert.Equal(spans.Count + 2, lines.Length);
        Assert.Contains(lines, l => l.Contains(",export,", StringComparison.Ordinal) && l.Contains(PrivacyActivities.Supervision.Id, StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains(pseudonym, l, StringComparison.Ordinal));

        var unknown = await privacy.Http.PostAsJsonAsync("/api/v1/privacy/log/export/xml", new LogSearch(), SignalBuilder.Json);
        await Expect.StatusAsync(unknown, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_privacy_officer_sees_nothing_of_another_regions_users()
    {
        var (otherUser, otherOrganisation) = await app.WithDbAsync(async db =>
        {
            var region = new Region { Name = "Regio Noorderkwartier (test)", CreatedAt = app.Time.GetUtcNow() };
            var organisation = new Organisation { Name = "Politie Noorderkwartier", RegionId = region.Id, Type = OrganisationType.Police, CreatedAt = app.Time.GetUtcNow() };
            var user = new CasusUser { DisplayName = "Agent Noorderkwartier", OrganisationId = organisation.Id, UserName = "agent@noord.test", Email = "agent@noord.test" };
            db.AddRange(region, organisation, user);
            await db.SaveChangesAsync();
            return (user.Id, organisation.Id);
        });
        var writer = app.Services.GetRequiredService<ProcessingLogWriter>();
        await writer.AppendAsync([], [new AccessLogRecord
        {
            TraceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString(), OccurredAt = app.Time.GetUtcNow(), UserId = otherUser,
            OrganisationId = otherOrganisation, Action = "read", Decision = "allowed", PreviousHash = "", Hash = "",
        }]);

        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var everything = await privacy.SearchLogAsync(new LogSearch(PageSize: 200));
        Assert.NotEmpty(everything.Items);
        Assert.DoesNotContain(everything.Items, r => r.UserId == otherUser || r.OrganisationId == otherOrganisation);
        var byUser = await privacy.Http.PostAsJsonAsync("/api/v1/privacy/log/search", new LogSearch(UserId: otherUser), SignalBuilder.Json);
        await Expect.StatusAsync(byUser, HttpStatusCode.BadRequest);
        var byOrganisation = await privacy.Http.PostAsJsonAsync("/api/v1/privacy/log/search", new LogSearch(OrganisationId: otherOrganisation), SignalBuilder.Json);
        await Expect.StatusAsync(byOrganisation, HttpStatusCode.BadRequest);
        var form = await privacy.GetPageAsync("/privacy/log");
        Assert.DoesNotContain("Agent Noorderkwartier", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_cannot_read_the_log()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var response = await coordinator.Http.PostAsJsonAsync("/api/v1/privacy/log/search", new LogSearch(), SignalBuilder.Json);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await coordinator.GetAsync("/privacy/log");
        Assert.StartsWith("/account/denied", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
