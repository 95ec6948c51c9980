using System.Text.Json;
using Casus.BrowserTests.Pages;
using Casus.Tests.Features.Signals;
using Casus.Web.Features.Demo;
using Casus.Web.Features.Retention;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Casus.BrowserTests;

/// <summary>The privacy officer walks through the destruction list: places a legal hold, approves a destruction, in Dutch and in English.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RetentionInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task The_privacy_officer_holds_one_record_and_destroys_the_others_on_the_destruction_list()
    {
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        var references = new List<string>();
        foreach (var (given, surname) in new[] { ("Joost", "Smit"), ("Karin", "Meijer"), ("Lars", "de Wit") })
        {
            var input = await fixture.App.SignalAboutAsync(given, surname);
            var response = await police.Context.APIRequest.PostAsync("/api/v1/signals", new()
            {
                DataString = JsonSerializer.Serialize(input, SignalBuilder.Json), Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            });
            Assert.Equal(201, response.Status);
            references.Add(JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("reference").GetString()!);
        }
        // The three signals were last processed 13 months ago; today's run is made again, as the next day's would be.
        var back = TimeSpan.FromDays(400);
        await fixture.App.WithDbAsync(async db =>
        {
            var signals = await db.Set<Signal>().Where(s => references.Contains(s.Reference)).ToListAsync();
            var ids = signals.Select(s => s.Id).ToList();
            foreach (var s in signals) { s.ReceivedAt -= back; }
            foreach (var e in await db.Set<SignalEvent>().Where(e => ids.Contains(e.SignalId)).ToListAsync()) { e.At -= back; }
            db.RemoveRange(await db.Set<RetentionRun>().ToListAsync());
            return await db.SaveChangesAsync();
        });
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DestructionList>().DailyAsync(CancellationToken.None);
        }

        foreach (var (locale, labels, hold, destroy) in new[]
        {
            ("nl-NL", (Email: "E-mailadres", Password: "Wachtwoord", Code: "Zescijferige code", Open: "Open de vernietigingslijst", Reference: "Kenmerk van het signaal of de casus",
                Reason: "Juridische grond", Until: "Laatste dag van de bewaarplicht", Place: "Bewaarplicht instellen", Destroy: "Vernietigen", Confirm: "Ik bevestig dat"), references[1], references[0]),
            ("en-GB", (Email: "E-mail address", Password: "Password", Code: "Six-digit code", Open: "Open the destruction list", Reference: "Reference of the signal or case",
                Reason: "Legal reason", Until: "Last day of the hold", Place: "Place hold", Destroy: "Destroy", Confirm: "I confirm that"), (string?)null, references[2]),
        })
        {
            var language = locale[..2];
            var privacy = await fixture.NewPageAsync(locale);
            await new LoginPage(privacy, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PrivacyOfficer), labels.Email, labels.Password, labels.Code);
            await privacy.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
            await privacy.GotoAsync("/privacy");
            await privacy.GetByRole(AriaRole.Link, new() { Name = labels.Open }).ClickAsync();
            await Assertions.Expect(privacy.Locator($"[data-testid=proposal][data-reference='{destroy}']")).ToBeVisibleAsync();
            await privacy.ScreenshotAsync(new() { Path = Shot($"retention-list-{language}.png"), FullPage = true });
            Assert.DoesNotContain("Meijer", await privacy.ContentAsync(), StringComparison.Ordinal);

            if (hold is not null)
            {
                await privacy.GetByLabel(labels.Reference).FillAsync(hold);
                await privacy.GetByLabel(labels.Reason).FillAsync("Bezwaarprocedure loopt (Awb)");
                await privacy.GetByLabel(labels.Until).FillAsync(DateOnly.FromDateTime(fixture.App.Time.GetUtcNow().UtcDateTime).AddDays(60).ToString("yyyy-MM-dd"));
                await privacy.GetByRole(AriaRole.Button, new() { Name = labels.Place }).ClickAsync();
                await Assertions.Expect(privacy.Locator($"[data-testid=hold][data-reference='{hold}']")).ToBeVisibleAsync();
                await Assertions.Expect(privacy.Locator($"[data-testid=proposal][data-reference='{hold}']")).ToHaveCountAsync(0);
            }

            var row = privacy.Locator($"[data-testid=proposal][data-reference='{destroy}']");
            // Without the confirmation nothing happens but a clear message.
            await row.GetByRole(AriaRole.Button, new() { Name = labels.Destroy }).ClickAsync();
            await Assertions.Expect(privacy.Locator($"[data-testid=proposal][data-reference='{destroy}'] .utrecht-form-field-error-message")).ToBeVisibleAsync();
            await privacy.ScreenshotAsync(new() { Path = Shot($"retention-confirm-{language}.png"), FullPage = true });
            row = privacy.Locator($"[data-testid=proposal][data-reference='{destroy}']");
            await row.GetByLabel(labels.Confirm).CheckAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = labels.Destroy }).ClickAsync();
            await Assertions.Expect(privacy.GetByTestId("destroyed-item").Filter(new() { HasText = destroy })).ToBeVisibleAsync();
            await privacy.ScreenshotAsync(new() { Path = Shot($"retention-destroyed-{language}.png"), FullPage = true });
        }

        var coordinator = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(coordinator, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await coordinator.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        var id = await fixture.App.WithDbAsync(db => db.Set<Signal>().Where(s => s.Reference == references[0]).Select(s => s.Id).SingleAsync());
        await coordinator.GotoAsync($"/signals/{id}");
        await Assertions.Expect(coordinator.GetByTestId("destroyed")).ToBeVisibleAsync();
        await coordinator.ScreenshotAsync(new() { Path = Shot("retention-signal-destroyed-nl.png"), FullPage = true });
    }
}
