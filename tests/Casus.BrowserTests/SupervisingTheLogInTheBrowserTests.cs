using System.Text.Json;
using Casus.BrowserTests.Pages;
using Casus.Tests.Features.Signals;
using Casus.Web.Features.Demo;
using Casus.Web.Features.Privacy;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>The privacy officer verifies the log, searches it by a signal's reference and exports the result, in Dutch and in English.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SupervisingTheLogInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task The_privacy_officer_finds_a_persons_records_by_reference_and_exports_them()
    {
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        var input = await fixture.App.SignalAboutAsync("Ilse", "Verbeek");
        var response = await police.Context.APIRequest.PostAsync("/api/v1/signals", new()
        {
            DataString = JsonSerializer.Serialize(input, SignalBuilder.Json), Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        Assert.Equal(201, response.Status);
        var reference = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("reference").GetString()!;
        // A flag as the hourly job would store it, for the review page.
        await fixture.App.WithDbAsync(async db =>
        {
            var policeUser = await db.Users.SingleAsync(u => u.Email == "police@casus.demo");
            var hour = AccessReviewJob.HourOf(fixture.App.Time.GetUtcNow()).AddHours(-1);
            db.Add(new AccessReviewFlag
            {
                Kind = AccessFlagKind.OutsideWorkingHours, UserId = policeUser.Id, OrganisationId = policeUser.OrganisationId, WindowStart = hour,
                WindowEnd = hour.AddHours(1), Count = 4, FirstAccessAt = hour.AddMinutes(5), LastAccessAt = hour.AddMinutes(40),
                DetectedAt = fixture.App.Time.GetUtcNow(), Status = AccessFlagStatus.Open,
            });
            return await db.SaveChangesAsync();
        });

        foreach (var (locale, labels) in new[]
        {
            ("nl-NL", (Email: "E-mailadres", Password: "Wachtwoord", Code: "Zescijferige code", Verify: "Nu controleren", Search: "Zoeken", Reference: "Persoon: kenmerk van een signaal of casus", Csv: "CSV (spreadsheet)", Intact: "Intact")),
            ("en-GB", (Email: "E-mail address", Password: "Password", Code: "Six-digit code", Verify: "Verify now", Search: "Search", Reference: "Person: reference of a signal or case", Csv: "CSV (spreadsheet)", Intact: "Intact")),
        })
        {
            var language = locale[..2];
            var privacy = await fixture.NewPageAsync(locale);
            await new LoginPage(privacy, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PrivacyOfficer), labels.Email, labels.Password, labels.Code);
            await privacy.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
            await Assertions.Expect(privacy.GetByRole(AriaRole.Link, new() { Name = labels.Verify == "Verify now" ? "Processing log and supervision" : "Logboek en toezicht" })).ToBeVisibleAsync();
            await privacy.ScreenshotAsync(new() { Path = Shot($"privacy-start-{language}.png"), FullPage = true });
            await privacy.GotoAsync("/privacy");
            await privacy.GetByRole(AriaRole.Button, new() { Name = labels.Verify }).ClickAsync();
            await Assertions.Expect(privacy.GetByTestId("verification-result")).ToContainTextAsync(labels.Intact);
            await privacy.ScreenshotAsync(new() { Path = Shot($"privacy-{language}.png"), FullPage = true });

            await privacy.GotoAsync("/privacy/log");
            await privacy.GetByLabel(labels.Reference).FillAsync(reference);
            await privacy.GetByTestId("log-search").GetByRole(AriaRole.Button, new() { Name = labels.Search }).ClickAsync();
            await Assertions.Expect(privacy.GetByTestId("log-row").First).ToBeVisibleAsync();
            Assert.DoesNotContain(reference, privacy.Url, StringComparison.OrdinalIgnoreCase);
            await privacy.ScreenshotAsync(new() { Path = Shot($"privacy-log-{language}.png"), FullPage = true });

            var download = await privacy.RunAndWaitForDownloadAsync(() => privacy.GetByTestId("export-csv").ClickAsync());
            Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
            var path = await download.PathAsync();
            Assert.Contains(",create,casus:signals:v1,person,", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

            await privacy.GotoAsync("/privacy/flags?status=Open");
            await Assertions.Expect(privacy.GetByTestId("flag").First).ToBeVisibleAsync();
            await privacy.ScreenshotAsync(new() { Path = Shot($"privacy-flags-{language}.png"), FullPage = true });
        }
    }
}
