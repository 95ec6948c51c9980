using System.Net;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Privacy;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Privacy;
using Casus.Web.Features.Signals;
using Casus.Web.Features.SubjectRights;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.SubjectRights;

/// <summary>An access request: one report of everything about the person, nothing about anyone else; police parts to decide.</summary>
public sealed class AnsweringAnAccessRequestTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_report_holds_every_record_about_the_person_and_nothing_about_another()
    {
        var anna = await app.OpenCaseAsync("Annelies", "Verkerkhoven");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var caseWorker = await app.UserIdAsync("police@casus.demo");
        await coordinator.AddMemberAsync(anna.Id, caseWorker, app.Today(), null);
        await coordinator.SignalAsync(anna.SignalId);
        await coordinator.CaseAsync(anna.Id);

        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var bert = await police.RegisterAsync(await app.SignalAboutAsync("Bartholomeus", "Zonnevelder", narrative: "Koopt opvallend veel kunstmest bij de boerderijwinkel."));
        await coordinator.SignalAsync(bert.Id);

        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var request = await privacy.NewRequestAsync(SubjectRequestKind.Access, anna.Reference, app.Today());
        var report = await privacy.ReportJsonAsync(request.Id);
        var text = report.GetRawText();

        // Every record about Anna: her signal, her case (with its members), the log records about her.
        var annaSignalIds = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.PersonId == anna.PersonId).Select(s => s.Id).ToListAsync());
        var annaCaseIds = await app.WithDbAsync(db => db.Set<Case>().Where(c => c.PersonId == anna.PersonId).Select(c => c.Id).ToListAsync());
        var annaSignals = annaSignalIds.Select(id => $"signal:{id}").ToList();
        var annaCases = annaCaseIds.Select(id => $"case:{id}").ToList();
        var keys = report.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("key").GetString()!).ToList();
        Assert.Equal(annaSignals.Concat(annaCases).Append("log").Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Contains("Verkerkhoven", text, StringComparison.Ordinal);
        Assert.Contains("Deelt in de klassenapp", text, StringComparison.Ordinal);
        Assert.Contains(anna.Reference, text, StringComparison.Ordinal);
        var signalReference = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Id == anna.SignalId).Select(s => s.Reference).SingleAsync());
        Assert.Contains(signalReference, text, StringComparison.Ordinal);
        Assert.Contains("Duiding van het psychisch beeld", text, StringComparison.Ordinal);
        var log = report.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("key").GetString() == "log");
        var pseudonym = await app.PersonPseudonymAsync(anna.SignalId);
        var logged = await app.WithDbAsync(db => db.ProcessingLog.CountAsync(p => p.SubjectPseudonym == pseudonym));
        Assert.True(log.GetProperty("fields").GetArrayLength() >= logged - 2, "every log record about the person is in the report");
        Assert.Contains(log.GetProperty("fields").EnumerateArray(), f => f.GetProperty("value").GetString()!.Contains(SignalActivities.Signals.Id, StringComparison.Ordinal));
        Assert.NotEmpty(report.GetProperty("shared_with").EnumerateArray());

        // Nothing about Bert: no name, no reference, no text.
        Assert.DoesNotContain("Zonnevelder", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bartholomeus", text, StringComparison.Ordinal);
        Assert.DoesNotContain(bert.Reference, text, StringComparison.Ordinal);
        Assert.DoesNotContain("kunstmest", text, StringComparison.Ordinal);

        // The police's signal is marked for the officer's decision.
        var signalPart = report.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("section").GetString() == "signal");
        Assert.Equal("to-decide", signalPart.GetProperty("disclosure").GetString());
        Assert.Equal("Police", signalPart.GetProperty("source_type").GetString());

        // Generating the report is itself logged, about Anna.
        var search = await privacy.SearchLogAsync(new LogSearch(Reference: anna.Reference, PageSize: 200));
        Assert.Contains(search.Items, r => r.Action == "access-report" && r.ActivityId == SubjectRightsActivities.SubjectRights.Id);
        Assert.NotNull((await privacy.RequestAsync(request.Id)).ReportGeneratedAt);
    }

    [Fact]
    public async Task A_withheld_part_shows_its_ground_and_none_of_its_content_in_json_and_pdf()
    {
        var anna = await app.OpenCaseAsync("Carolien", "Wittebrood");
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var request = await privacy.NewRequestAsync(SubjectRequestKind.Access, anna.Reference, app.Today());
        var key = $"signal:{anna.SignalId}";

        var noReason = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/parts", new PartDecisionInput(key, true, " "), request.Version);
        await Expect.StatusAsync(noReason, HttpStatusCode.BadRequest);
        Assert.True((await SignalBuilder.ProblemAsync(noReason)).GetProperty("errors").TryGetProperty("Reason", out _));
        var unknown = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/parts", new PartDecisionInput("signal:" + Guid.NewGuid(), false, null), request.Version);
        await Expect.StatusAsync(unknown, HttpStatusCode.BadRequest);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SubjectRequestPart>().CountAsync(p => p.RequestId == request.Id)));

        var ok = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/parts", new PartDecisionInput(key, true, "art. 23(1)(d) AVG: lopend politieonderzoek"), request.Version);
        await Expect.StatusAsync(ok, HttpStatusCode.OK);
        var stale = await privacy.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/parts", new PartDecisionInput(key, false, null), request.Version);
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);

        var report = await privacy.ReportJsonAsync(request.Id);
        var part = report.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("key").GetString() == key);
        Assert.Equal("withheld", part.GetProperty("disclosure").GetString());
        Assert.Equal("art. 23(1)(d) AVG: lopend politieonderzoek", part.GetProperty("withheld_ground").GetString());
        Assert.DoesNotContain("Wittebrood", report.GetRawText(), StringComparison.Ordinal);

        var pdf = await privacy.GetAsync($"/api/v1/privacy/requests/{request.Id}/report.pdf");
        await Expect.StatusAsync(pdf, HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4), StringComparison.Ordinal);
        var dir = Environment.GetEnvironmentVariable("CASUS_PDF_OUT");
        if (dir is not null)
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, "access-report-withheld.pdf"), bytes);
        }
    }

    [Fact]
    public async Task The_request_page_shows_the_parts_and_downloads_the_pdf()
    {
        var anna = await app.OpenCaseAsync("Diederik", "Oosterveld");
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        var created = await privacy.SubmitFormAsync("/privacy/requests/new", new Dictionary<string, string>
        {
            ["Kind"] = "Access", ["Reference"] = anna.Reference.ToLowerInvariant(), ["ReceivedOn"] = app.Today().ToString("yyyy-MM-dd"),
        });
        await Expect.StatusAsync(created, HttpStatusCode.Redirect);
        var location = created.Headers.Location!.OriginalString;
        var page = await privacy.GetPageAsync(location);
        Assert.Contains("data-testid=\"report-part\"", page, StringComparison.Ordinal);
        Assert.Contains("Oosterveld", page, StringComparison.Ordinal);
        var pdf = await privacy.GetAsync(location + "?handler=Pdf");
        await Expect.StatusAsync(pdf, HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var dir = Environment.GetEnvironmentVariable("CASUS_PDF_OUT");
        if (dir is not null)
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, "access-report.pdf"), await pdf.Content.ReadAsByteArrayAsync());
        }
    }
}
