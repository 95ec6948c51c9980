using Casus.BrowserTests.Pages;
using Casus.Tests.Features.Cases;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Demo;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>The privacy officer records an access request, withholds the police's part and downloads the report, in Dutch and in English.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DataSubjectRightsInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task The_privacy_officer_answers_an_access_request()
    {
        foreach (var (locale, labels) in new[]
        {
            ("nl-NL", (Email: "E-mailadres", Password: "Wachtwoord", Code: "Zescijferige code", New: "Verzoek vastleggen", Access: "Inzage",
                Reference: "Kenmerk van melding of casus", Withhold: "Achterhouden", Ground: "Grond voor achterhouden", SavePart: "Keuze opslaan",
                Granted: "Gedeeltelijk toegewezen", LegalGround: "Wettelijke grond", Decide: "Besluit vastleggen", Pdf: "Rapport downloaden (PDF)")),
            ("en-GB", (Email: "E-mail address", Password: "Password", Code: "Six-digit code", New: "Record a request", Access: "Access",
                Reference: "Signal or case reference", Withhold: "Withhold", Ground: "Ground for withholding", SavePart: "Save choice",
                Granted: "Partly granted", LegalGround: "Legal ground", Decide: "Record decision", Pdf: "Download report (PDF)")),
        })
        {
            var language = locale[..2];
            var person = await OpenCaseAsync(language == "nl" ? "Lotte" : "Laura", language == "nl" ? "Kuipers" : "Kingsley");
            var privacy = await fixture.NewPageAsync(locale);
            await new LoginPage(privacy, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PrivacyOfficer), labels.Email, labels.Password, labels.Code);
            await privacy.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
            await privacy.GotoAsync("/privacy");
            await privacy.GetByTestId("open-requests").ClickAsync();
            await privacy.GetByTestId("new-request").ClickAsync();

            // A name instead of a reference gets a clear message.
            await privacy.GetByLabel(labels.Access, new() { Exact = true }).CheckAsync();
            await privacy.GetByLabel(labels.Reference).FillAsync("Lotte Kuipers");
            await privacy.GetByTestId("save").ClickAsync();
            await Assertions.Expect(privacy.Locator("#form-errors")).ToBeVisibleAsync();
            await privacy.ScreenshotAsync(new() { Path = Shot($"requests-new-error-{language}.png"), FullPage = true });

            await privacy.GetByLabel(labels.Reference).FillAsync(person.Reference);
            await privacy.GetByTestId("save").ClickAsync();
            await Assertions.Expect(privacy.GetByTestId("report-part").First).ToBeVisibleAsync();

            // The police's signal: withhold it, with the ground.
            var signalPart = privacy.Locator($"[data-part='signal:{person.SignalId}']");
            await signalPart.GetByLabel(labels.Withhold, new() { Exact = true }).CheckAsync();
            await signalPart.GetByLabel(labels.Ground).FillAsync("art. 23(1)(d) AVG");
            await signalPart.GetByTestId("save-part").ClickAsync();
            await Assertions.Expect(privacy.Locator($"[data-part='signal:{person.SignalId}']").GetByTestId("part-disclosure")).ToContainTextAsync("art. 23(1)(d) AVG");
            await privacy.ScreenshotAsync(new() { Path = Shot($"request-access-{language}.png"), FullPage = true });

            var download = await privacy.RunAndWaitForDownloadAsync(() => privacy.GetByTestId("download-pdf").ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
            File.Copy(await download.PathAsync(), Shot($"access-report-{language}.pdf"), overwrite: true);

            await privacy.GetByLabel(labels.Granted).CheckAsync();
            await privacy.GetByLabel(labels.LegalGround).FillAsync("art. 23(1)(d) AVG: lopend politieonderzoek");
            await privacy.GetByTestId("save-decision").ClickAsync();
            await Assertions.Expect(privacy.GetByTestId("decision")).ToContainTextAsync(labels.Granted);
            await privacy.ScreenshotAsync(new() { Path = Shot($"request-decided-{language}.png"), FullPage = true });

            await privacy.GotoAsync("/privacy/requests");
            await Assertions.Expect(privacy.GetByTestId("request-row").First).ToBeVisibleAsync();
            await privacy.ScreenshotAsync(new() { Path = Shot($"requests-{language}.png"), FullPage = true });
        }
        }

    /// <summary>A signal reported by the police through the API, and a case opened for it as a weighing decision would.</summary>
    private async Task<(Guid Id, string Reference, Guid SignalId)> OpenCaseAsync(string givenNames, string surname)
    {
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.WaitForURLAsync(fixture.BaseUrl + "/");
        var lindendal = await fixture.App.WithDbAsync(db => db.Municipalities.Where(m => m.Name == "Lindendal").Select(m => m.Id).SingleAsync());
        var response = await police.APIRequest.PostAsync("/api/v1/signals", new()
        {
            DataObject = new { municipalityId = lindendal, givenNames, surname, dateOfBirth = "2004-11-02", phenomenon = "RightWingExtremism", narrative = "Verspreidt flyers van een neonazistische groep op school.", urgency = "Normal" },
        });
        Assert.Equal(201, response.Status);
        var signalId = Guid.Parse((await response.JsonAsync())!.Value.GetProperty("id").GetString()!);
        await police.Context.CloseAsync();

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var coordinator = await db.Users.SingleAsync(u => u.Email == "coordinator@casus.demo");
        var signal = await db.Set<Signal>().SingleAsync(s => s.Id == signalId);
        var opened = await new OpenCase(db, scope.ServiceProvider.GetRequiredService<PersonDataProtector>(),
            new StandInUser(coordinator.Id, coordinator.OrganisationId, Roles.ProcessCoordinator), fixture.App.Time)
            .AddAsync(signal.PersonId, signal.MunicipalityId, [signal], null);
        await db.SaveChangesAsync();
        return (opened.Id, opened.Reference, signalId);
    }
}
