using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Privacy;
using Casus.Web.Features.Privacy.Register;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Privacy;

/// <summary>
/// The register of processing activities (GDPR art. 30) as versioned data: seeded from code, a new version changes
/// the id later log records carry, old versions stay readable, and only the privacy officer reads or changes it.
/// Each test uses its own activity, so the tests of this class do not change each other's versions.
/// </summary>
public sealed partial class KeepingTheRegisterOfProcessingActivitiesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Api = "/api/v1/privacy/register";

    [Fact]
    public async Task A_new_database_has_every_activity_code_declares_at_its_first_version_with_texts_in_both_languages()
    {
        Assert.Empty(RegisterSeed.WithoutDefaults);
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var list = (await privacy.Http.GetFromJsonAsync<List<RegisterListItem>>(Api, SignalBuilder.Json))!;
        Assert.Equal(RegisterSeed.Declared.Select(a => a.Key).Order(StringComparer.Ordinal), list.Select(i => i.Key));
        foreach (var declared in RegisterSeed.Declared)
        {
            var activity = await GetAsync(privacy, declared.Key);
            var first = activity.Versions.Single(v => v.Number == 1);
            Assert.Equal(declared.Id, first.ActivityId);
            Assert.Equal(declared.PurposeNl, first.PurposeNl);
            Assert.All(RegisterFields.All.Where(f => f.Required), f => Assert.False(string.IsNullOrWhiteSpace(first.Text(f.Nl)) || string.IsNullOrWhiteSpace(first.Text(f.En)), $"{declared.Key}: {f.Name}"));
        }
        Assert.Contains(list, i => i.CurrentId == "casus:signals:v1");
    }

    [Fact]
    public async Task Publishing_a_version_makes_later_log_records_carry_its_id_while_earlier_records_keep_theirs()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var policeId = await app.UserIdAsync("police@casus.demo");
        await Expect.StatusAsync(await admin.GetAsync($"/api/v1/admin/users/{policeId}"), HttpStatusCode.OK);
        var before = await LastRecordAsync("read");
        Assert.Equal("casus:admin-users:v1", before.ProcessingActivityId);

        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var (activity, etag) = await GetWithETagAsync(privacy, "admin-users");
        var input = RegisterVersionInput.From(activity.Current) with
        {
            RecipientsNl = activity.Current.RecipientsNl + " Ook de accountant bij een audit.",
            RecipientsEn = activity.Current.RecipientsEn + " Also the auditor during an audit.",
            ChangeNote = "Accountant toegevoegd als ontvanger.",
        };
        var published = await PublishAsync(privacy, "admin-users", input, etag);
        await Expect.StatusAsync(published, HttpStatusCode.Created);
        var after = (await published.Content.ReadFromJsonAsync<RegisterActivityView>(SignalBuilder.Json))!;
        Assert.Equal(2, after.CurrentVersion);
        Assert.Equal("casus:admin-users:v2", after.CurrentId);
        Assert.NotEqual(etag, published.Headers.ETag!.Tag);

        await Expect.StatusAsync(await admin.GetAsync($"/api/v1/admin/users/{policeId}"), HttpStatusCode.OK);
        var later = await LastRecordAsync("read");
        Assert.True(later.Sequence > before.Sequence);
        Assert.Equal("casus:admin-users:v2", later.ProcessingActivityId);
        // The earlier record is unchanged (the log is append-only) and its version is still in the register.
        Assert.Equal("casus:admin-users:v1", (await app.WithDbAsync(db => db.ProcessingLog.SingleAsync(r => r.Sequence == before.Sequence))).ProcessingActivityId);

        var history = await GetAsync(privacy, "admin-users");
        Assert.Equal([2, 1], history.Versions.Select(v => v.Number));
        var old = history.Versions.Single(v => v.Number == 1);
        Assert.False(old.Current);
        Assert.Equal(activity.Current.RecipientsNl, old.RecipientsNl);
        Assert.Equal(["Recipients"], history.Current.ChangedFields);
        Assert.Equal("Accountant toegevoegd als ontvanger.", history.Current.ChangeNote);
        Assert.Equal(await app.UserIdAsync("privacy@casus.demo"), history.Current.CreatedBy);

        // The officer's log search names the purpose of the version; a key finds records of every version.
        var search = await privacy.SearchLogAsync(new LogSearch(ActivityId: "admin-users", PageSize: 200));
        Assert.Contains(search.Items, r => r.ActivityId == "casus:admin-users:v1" && (r.ActivityPurpose == activity.Current.PurposeNl || r.ActivityPurpose == activity.Current.PurposeEn));
        Assert.Contains(search.Items, r => r.ActivityId == "casus:admin-users:v2");
        var exact = await privacy.SearchLogAsync(new LogSearch(ActivityId: "casus:admin-users:v2", PageSize: 200));
        Assert.All(exact.Items, r => Assert.Equal("casus:admin-users:v2", r.ActivityId));

        // The activity page shows both versions and what changed.
        var page = await privacy.GetPageAsync("/privacy/register/admin-users");
        Assert.Contains("casus:admin-users:v2", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"history-version\"", page, StringComparison.Ordinal);
        Assert.Contains("Accountant toegevoegd als ontvanger.", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"changed-badge\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_with_missing_or_unchanged_texts_is_refused_and_changes_nothing()
    {
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var (activity, etag) = await GetWithETagAsync(privacy, "retention");

        var empty = await PublishAsync(privacy, "retention", RegisterVersionInput.From(activity.Current) with { PurposeNl = " ", LegalBasisEn = null }, etag);
        await Expect.StatusAsync(empty, HttpStatusCode.BadRequest);
        var problem = await empty.Content.ReadAsStringAsync();
        Assert.Contains("validation_failed", problem, StringComparison.Ordinal);
        Assert.Contains("PurposeNl", problem, StringComparison.Ordinal);
        Assert.Contains("LegalBasisEn", problem, StringComparison.Ordinal);
        Assert.Contains("ChangeNote", problem, StringComparison.Ordinal);

        var same = await PublishAsync(privacy, "retention", RegisterVersionInput.From(activity.Current) with { ChangeNote = "Niets gewijzigd." }, etag);
        await Expect.StatusAsync(same, HttpStatusCode.BadRequest);

        var tooLong = await PublishAsync(privacy, "retention", RegisterVersionInput.From(activity.Current) with { RetentionEn = new string('x', RegisterRules.TextMax + 1), ChangeNote = "Te lang." }, etag);
        await Expect.StatusAsync(tooLong, HttpStatusCode.BadRequest);

        var (after, etagAfter) = await GetWithETagAsync(privacy, "retention");
        Assert.Equal(etag, etagAfter);
        Assert.Single(after.Versions);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<RegisterVersion>().CountAsync(v => v.Key == "retention")));
    }

    [Fact]
    public async Task A_stale_or_missing_if_match_is_refused()
    {
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var (activity, etag) = await GetWithETagAsync(privacy, "weighing");
        var first = RegisterVersionInput.From(activity.Current) with { ControllerEn = "Changed once.", ChangeNote = "Eerste wijziging." };
        await Expect.StatusAsync(await PublishAsync(privacy, "weighing", first, etag), HttpStatusCode.Created);

        var stale = await PublishAsync(privacy, "weighing", first with { ControllerEn = "Changed twice.", ChangeNote = "Op een oude versie." }, etag);
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Contains("changed_by_someone_else", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect.StatusAsync(await PublishAsync(privacy, "weighing", first, null), (HttpStatusCode)428);
        Assert.Equal(2, (await GetAsync(privacy, "weighing")).CurrentVersion);
    }

    [Fact]
    public async Task The_form_publishes_one_version_when_sent_twice_and_refuses_a_stale_form()
    {
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var form = await privacy.GetPageAsync("/privacy/register/assessments/new");
        var fields = FormFields(form);
        fields["Input.PurposeEn"] = "Structured assessment of risk and protective factors in a case, by certified assessors";
        fields["Input.ChangeNote"] = "Gecertificeerde taxateurs genoemd.";
        fields["__af"] = CasusClient.AntiforgeryToken(form);

        var first = await privacy.Http.PostAsync("/privacy/register/assessments/new", new FormUrlEncodedContent(fields));
        await Expect.StatusAsync(first, HttpStatusCode.Redirect);
        Assert.Equal("/privacy/register/assessments", first.Headers.Location!.OriginalString);
        var second = await privacy.Http.PostAsync("/privacy/register/assessments/new", new FormUrlEncodedContent(fields));
        await Expect.StatusAsync(second, HttpStatusCode.Redirect);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<RegisterVersion>().CountAsync(v => v.Key == "assessments")));

        // The same old form with a new submission (another tab): someone else's version came first.
        fields["Input.SubmissionId"] = Guid.NewGuid().ToString();
        fields["Input.PurposeEn"] = "Something else";
        var stale = await privacy.Http.PostAsync("/privacy/register/assessments/new", new FormUrlEncodedContent(fields));
        await Expect.StatusAsync(stale, HttpStatusCode.OK);
        var page = await stale.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"conflict\"", page, StringComparison.Ordinal);
        Assert.Contains("Something else", page, StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<RegisterVersion>().CountAsync(v => v.Key == "assessments")));

        // A form with an error shows the message next to the field and keeps what was typed.
        var fresh = await privacy.GetPageAsync("/privacy/register/assessments/new");
        var again = FormFields(fresh);
        again["Input.RecipientsNl"] = "";
        again["Input.ChangeNote"] = "Ontvangers leeg.";
        again["__af"] = CasusClient.AntiforgeryToken(fresh);
        var invalid = await privacy.Http.PostAsync("/privacy/register/assessments/new", new FormUrlEncodedContent(again));
        await Expect.StatusAsync(invalid, HttpStatusCode.OK);
        Assert.Contains("input-recipientsnl-error", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<RegisterVersion>().CountAsync(v => v.Key == "assessments")));
    }

    [Fact]
    public async Task The_register_list_searches_sorts_shows_an_empty_state_and_exports()
    {
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var page = await privacy.GetPageAsync("/privacy/register");
        Assert.Equal(RegisterSeed.Declared.Count, Regex.Count(page, "data-testid=\"register-row\""));
        Assert.Contains("casus:signals:v", page, StringComparison.Ordinal);

        var search = await privacy.SubmitFormAsync("/privacy/register", new Dictionary<string, string> { ["search"] = "signal" }, "/privacy/register?handler=Filter");
        await Expect.StatusAsync(search, HttpStatusCode.Redirect);
        var found = await privacy.GetPageAsync(search.Headers.Location!.OriginalString);
        Assert.Contains("/privacy/register/signals\"", found, StringComparison.Ordinal);
        Assert.DoesNotContain("/privacy/register/authentication\"", found, StringComparison.Ordinal);

        var nothing = await privacy.SubmitFormAsync("/privacy/register", new Dictionary<string, string> { ["search"] = "zzz-no-such-activity" }, "/privacy/register?handler=Filter");
        Assert.Contains("data-testid=\"empty-state\"", await privacy.GetPageAsync(nothing.Headers.Location!.OriginalString), StringComparison.Ordinal);

        var sorted = (await privacy.Http.GetFromJsonAsync<List<RegisterListItem>>(Api + "?sort=-name", SignalBuilder.Json))!;
        Assert.Equal(sorted.Select(i => i.Key).OrderDescending(StringComparer.Ordinal), sorted.Select(i => i.Key));
        Assert.Contains("aria-sort=\"descending\"", await privacy.GetPageAsync("/privacy/register?sort=-name"), StringComparison.Ordinal);

        var csv = await privacy.GetAsync(Api + "/export/csv");
        await Expect.StatusAsync(csv, HttpStatusCode.OK);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("key,activity_id,version,current,PurposeNl,PurposeEn", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("casus:authentication:v1", text, StringComparison.Ordinal);
        var json = await privacy.GetAsync("/privacy/register?handler=Json");
        await Expect.StatusAsync(json, HttpStatusCode.OK);
        Assert.Contains("\"activityId\": \"casus:subject-rights:v1\"", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect.StatusAsync(await privacy.GetAsync(Api + "/export/xml"), HttpStatusCode.BadRequest);
        await Expect.StatusAsync(await privacy.GetAsync(Api + "/no-such-activity"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.ProcessCoordinator)]
    [InlineData(Roles.SystemAdmin)]
    [InlineData(Roles.Executive)]
    public async Task Other_roles_get_nothing_of_the_register(string role)
    {
        using var client = await app.SignedInAsAsync(role);
        await Expect.StatusAsync(await client.GetAsync(Api), HttpStatusCode.Forbidden);
        await Expect.StatusAsync(await client.GetAsync(Api + "/signals"), HttpStatusCode.Forbidden);
        using var request = new HttpRequestMessage(HttpMethod.Post, Api + "/signals/versions") { Content = JsonContent.Create(new RegisterVersionInput(PurposeNl: "x")) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"" + Guid.NewGuid().ToString("N") + "\"");
        await Expect.StatusAsync(await client.Http.SendAsync(request), HttpStatusCode.Forbidden);
        var page = await client.GetAsync("/privacy/register/signals");
        Assert.StartsWith("/account/denied", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(1, (await app.WithDbAsync(db => db.Set<RegisterEntry>().SingleAsync(e => e.Key == "signals"))).CurrentVersion);
    }

    [Fact]
    public async Task Versions_cannot_be_changed_or_removed_in_the_database()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"ProcessingRegisterVersions\" SET \"PurposeEn\" = 'rewritten'")));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"ProcessingRegisterVersions\"")));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<RegisterVersion>().CountAsync(v => v.PurposeEn == "rewritten")));
    }

    [Fact]
    public async Task Another_web_node_writes_the_new_version_once_its_cache_expires_and_a_restart_adds_nothing()
    {
        await using var other = new AppFactory(app.Database, null) { OwnsDatabase = false };
        await ((IAsyncLifetime)other).InitializeAsync();
        // The other node's log has read the register (as its first record would).
        var log = other.Services.GetRequiredService<IProcessingActivityVersions>();
        Assert.Equal("casus:authentication:v1", await log.CurrentIdAsync(ProcessingActivities.Authentication));
        var versionsBefore = await app.WithDbAsync(db => db.Set<RegisterVersion>().CountAsync());

        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var (activity, etag) = await GetWithETagAsync(privacy, "authentication");
        Assert.Equal(1, activity.CurrentVersion);
        // The other node read the register at its start (the seed found everything in place: nothing was added).
        Assert.Equal(RegisterSeed.Declared.Count, await app.WithDbAsync(db => db.Set<RegisterEntry>().CountAsync()));

        var next = RegisterVersionInput.From(activity.Current) with { RetentionEn = "Three years.", ChangeNote = "Bewaartermijn vastgesteld." };
        await Expect.StatusAsync(await PublishAsync(privacy, "authentication", next, etag), HttpStatusCode.Created);
        Assert.Equal(versionsBefore + 1, await app.WithDbAsync(db => db.Set<RegisterVersion>().CountAsync()));
        Assert.Equal("casus:authentication:v2", await app.Services.GetRequiredService<IProcessingActivityVersions>().CurrentIdAsync(ProcessingActivities.Authentication));
        // The other node's cache still holds version 1 until it is older than Privacy:RegisterCacheSeconds.
        Assert.Equal("casus:authentication:v1", await log.CurrentIdAsync(ProcessingActivities.Authentication));
        other.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("casus:authentication:v2", await log.CurrentIdAsync(ProcessingActivities.Authentication));
    }

    private async Task<Casus.Web.Platform.ProcessingLog.ProcessingLogRecord> LastRecordAsync(string action) =>
        await app.WithDbAsync(db => db.ProcessingLog.Where(r => r.Name == action && r.ProcessingActivityId.StartsWith("casus:admin-users:"))
            .OrderByDescending(r => r.Sequence).FirstAsync());

    private static async Task<RegisterActivityView> GetAsync(CasusClient client, string key) => (await GetWithETagAsync(client, key)).Activity;

    private static async Task<(RegisterActivityView Activity, string ETag)> GetWithETagAsync(CasusClient client, string key)
    {
        var response = await client.GetAsync($"{Api}/{key}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return ((await response.Content.ReadFromJsonAsync<RegisterActivityView>(SignalBuilder.Json))!, response.Headers.ETag!.Tag);
    }

    private static async Task<HttpResponseMessage> PublishAsync(CasusClient client, string key, RegisterVersionInput input, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Api}/{key}/versions") { Content = JsonContent.Create(input, options: SignalBuilder.Json) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return await client.Http.SendAsync(request);
    }

    /// <summary>The publish form's fields as the browser would send them: hidden inputs and textareas.</summary>
    private static Dictionary<string, string> FormFields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in HiddenInput().Matches(html))
        {
            if (m.Groups[1].Value != "__af")
            {
                fields[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
            }
        }
        foreach (Match m in TextArea().Matches(html))
        {
            fields[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
        }
        return fields;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<textarea[^>]*name=\"([^\"]+)\"[^>]*>([^<]*)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();
}
