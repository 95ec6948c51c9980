using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Assessments;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Assessments;

/// <summary>A template that requires certification: recording needs a certification valid today, by the app's clock.</summary>
public sealed class CertifyingAssessorsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Recording_needs_a_valid_certification_and_is_refused_with_a_message_once_it_expired_or_was_revoked()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var loaded = await admin.LoadTemplateAsync(AssessmentBuilder.TemplateJson("certified", requiresCertification: true));
        await Expect.StatusAsync(loaded, HttpStatusCode.Created);
        var template = (await loaded.Content.ReadFromJsonAsync<TemplateDto>(AssessmentBuilder.Json))!;
        var caseId = await app.OpenCaseAsync("Finn", "Gecertificeerd");
        var input = new AssessmentInput(template.Id, new() { ["a"] = 1 }, null, ["pf"], "high", "Zorgen over nieuwe contacten.");

        using (var none = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            none.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
            var refused = await none.RecordAsync(caseId, input);
            await Expect.StatusAsync(refused, HttpStatusCode.Forbidden);
            var problem = await SignalBuilder.ProblemAsync(refused);
            Assert.Equal("certification_required", problem.GetProperty("code").GetString());
            Assert.Contains("requires a certification", problem.GetProperty("title").GetString());
        }

        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        var coordinatorId = await app.UserIdAsync(AssessmentBuilder.Account(Roles.ProcessCoordinator).Email);
        var invalid = await admin.PostJsonAsync("/api/v1/admin/assessor-certifications", new CertificationInput(coordinatorId, "no-such-template", today, today.AddDays(-1), null));
        await Expect.StatusAsync(invalid, HttpStatusCode.BadRequest);
        var invalidErrors = (await SignalBuilder.ProblemAsync(invalid)).GetProperty("errors");
        Assert.True(invalidErrors.TryGetProperty("TemplateKey", out _));
        Assert.True(invalidErrors.TryGetProperty("ValidUntil", out _));

        var added = await admin.PostJsonAsync("/api/v1/admin/assessor-certifications", new CertificationInput(coordinatorId, "certified", today.AddDays(-10), today.AddDays(30), "Training 2026-1"));
        await Expect.StatusAsync(added, HttpStatusCode.Created);
        var certification = (await added.Content.ReadFromJsonAsync<CertificationDto>(AssessmentBuilder.Json))!;

        using (var certified = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            await certified.RecordOkAsync(caseId, input);
        }

        // The clock moves past the last valid day: refused, saying when it expired.
        app.Time.Advance(TimeSpan.FromDays(32));
        using (var expired = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            expired.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
            var refused = await expired.RecordAsync(caseId, input);
            await Expect.StatusAsync(refused, HttpStatusCode.Forbidden);
            var problem = await SignalBuilder.ProblemAsync(refused);
            Assert.Equal("certification_expired", problem.GetProperty("code").GetString());
            Assert.Contains("Your certification for Test certified expired on", problem.GetProperty("title").GetString());
            Assert.Contains(today.AddDays(30).Year.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("title").GetString());
        }

        // Renewed, then revoked with a stale version (refused) and the right one.
        using var admin2 = await app.SignedInAsAsync(Roles.SystemAdmin);
        var renewed = await admin2.PostJsonAsync("/api/v1/admin/assessor-certifications",
            new CertificationInput(coordinatorId, "certified", today.AddDays(32), today.AddDays(400), null));
        await Expect.StatusAsync(renewed, HttpStatusCode.Created);
        var renewal = (await renewed.Content.ReadFromJsonAsync<CertificationDto>(AssessmentBuilder.Json))!;
        using (var again = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            await again.RecordOkAsync(caseId, input);
        }
        var stale = await admin2.PostWithVersionAsync($"/api/v1/admin/assessor-certifications/{renewal.Id}/revoke", new { }, certification.Version);
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        var revoked = await admin2.PostWithVersionAsync($"/api/v1/admin/assessor-certifications/{renewal.Id}/revoke", new { }, renewal.Version);
        await Expect.StatusAsync(revoked, HttpStatusCode.OK);
        using (var afterRevoke = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            await Expect.StatusAsync(await afterRevoke.RecordAsync(caseId, input), HttpStatusCode.Forbidden);
        }

        var page = await admin2.GetPageAsync("/admin/assessor-certifications");
        Assert.Contains("Verlopen", page);
        Assert.Contains("Ingetrokken", page);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<Assessment>().CountAsync(a => a.CaseId == caseId)));
    }

    [Fact]
    public async Task The_admin_page_records_a_certification_and_shows_its_field_errors()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var empty = await admin.SubmitFormAsync("/admin/assessor-certifications", new Dictionary<string, string>(), "/admin/assessor-certifications?handler=Add");
        await Expect.StatusAsync(empty, HttpStatusCode.OK);
        Assert.Contains("Kies een actief account.", await empty.Content.ReadAsStringAsync());

        var policeId = await app.UserIdAsync(AssessmentBuilder.Account(Roles.PartnerProfessional).Email);
        var added = await admin.SubmitFormAsync("/admin/assessor-certifications", new Dictionary<string, string>
        {
            ["Input.UserId"] = policeId.ToString(), ["Input.TemplateKey"] = "neutral-example", ["Input.CertifiedOn"] = "2026-01-05", ["Input.ValidUntil"] = "2027-01-04",
        }, "/admin/assessor-certifications?handler=Add");
        await Expect.StatusAsync(added, HttpStatusCode.Redirect);
        Assert.Contains("neutral-example", await admin.GetPageAsync("/admin/assessor-certifications"));
    }
}
