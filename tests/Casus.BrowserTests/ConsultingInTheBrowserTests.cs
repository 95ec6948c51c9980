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

/// <summary>
/// The coordinator schedules a consultation with two cases, in Dutch, invites the police for the meeting and the
/// mental-health expert for the second item, records a decision and fixes the minutes; the expert, in English, sees
/// only their own case's item and its minutes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsultingInTheBrowserTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_consultation_with_two_cases_where_an_occasional_partner_sees_only_their_item()
    {
        var first = await OpenCaseAsync("Daan", "Verhoef");
        var second = await OpenCaseAsync("Lotte", "Brink");
        var mentalHealthId = await AddMentalHealthMemberAsync(second.Id);
        var policeId = await fixture.App.WithDbAsync(db => db.Users.Where(u => u.Email == "police@casus.demo").Select(u => u.Id).SingleAsync());

        var coordinator = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(coordinator, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.ProcessCoordinator), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await coordinator.WaitForURLAsync(fixture.BaseUrl + "/");
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Casusoverleggen", Exact = true }).First.ClickAsync();
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Casusoverleg plannen" }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Plannen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Vul een locatie of een link voor online deelname in.").First).ToBeVisibleAsync();
        await coordinator.ScreenshotAsync(new() { Path = Shot("consultation-schedule-errors-nl.png"), FullPage = true });
        await coordinator.Locator("#municipality").SelectOptionAsync(new SelectOptionValue { Label = "Lindendal" });
        var startsAt = fixture.App.Time.GetLocalNow().AddDays(7).Date.AddHours(14);
        await coordinator.Locator("#starts-at").FillAsync(startsAt.ToString("yyyy-MM-ddTHH:mm"));
        await coordinator.Locator("#place").FillAsync("Stadhuis Lindendal, zaal 2");
        await coordinator.Locator("#chair").SelectOptionAsync(new SelectOptionValue { Label = "Procesregisseur (demo)" });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Plannen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Het casusoverleg is gepland.")).ToBeVisibleAsync();
        var meetingUrl = coordinator.Url;

        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Ik verklaar geheimhouding" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("acknowledged")).ToBeVisibleAsync();
        await coordinator.Locator("#case").SelectOptionAsync(new SelectOptionValue { Label = first.Reference });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Op de agenda zetten" }).ClickAsync();
        await coordinator.Locator("#case").SelectOptionAsync(new SelectOptionValue { Label = second.Reference });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Op de agenda zetten" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("agenda-item")).ToHaveCountAsync(2);

        // The occasional partner is refused for the whole meeting, then invited for the second item.
        await coordinator.Locator("#invitee").SelectOptionAsync(mentalHealthId.ToString());
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Uitnodigen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Een incidentele partner wordt voor één agendapunt uitgenodigd").First).ToBeVisibleAsync();
        await coordinator.Locator("#invitee").SelectOptionAsync(mentalHealthId.ToString());
        await coordinator.Locator("#invite-item").SelectOptionAsync(new SelectOptionValue { Label = $"Punt 2: casus {second.Reference}" });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Uitnodigen" }).ClickAsync();
        await coordinator.Locator("#invitee").SelectOptionAsync(policeId.ToString());
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Uitnodigen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("invitees-table").GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await coordinator.GetByTestId("invitees-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "GGZ" })
            .GetByRole(AriaRole.Button, new() { Name = "Aanwezig" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("invitees-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "GGZ" })).ToContainTextAsync("Aanwezig");

        await coordinator.GetByRole(AriaRole.Link, new() { Name = $"Punt 2: casus {second.Reference}" }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Toevoegen aan het verslag" }).Nth(1).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Bevestig dat de voorzitter dit besluit heeft genomen.").First).ToBeVisibleAsync();
        await coordinator.Locator("#decision-text").FillAsync("GGZ nodigt Lotte uit voor een gesprek binnen twee weken.");
        await coordinator.GetByLabel("De voorzitter heeft dit besluit genomen").CheckAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Toevoegen aan het verslag" }).Nth(1).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("entries")).ToContainTextAsync("besloten door de voorzitter");
        await coordinator.ScreenshotAsync(new() { Path = Shot("consultation-item-nl.png"), FullPage = true });

        await coordinator.GotoAsync(meetingUrl);
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Verslag vaststellen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByText("Bevestig dat het verslag volledig en juist is.").First).ToBeVisibleAsync();
        await coordinator.GetByLabel("Ik bevestig dat het verslag volledig en juist is", new() { Exact = false }).CheckAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Verslag vaststellen" }).ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("minutes-status")).ToContainTextAsync("Vastgesteld");
        await coordinator.ScreenshotAsync(new() { Path = Shot("consultation-detail-nl.png"), FullPage = true });
        await coordinator.Context.CloseAsync();

        var partner = await fixture.NewPageAsync("en-GB");
        await new LoginPage(partner, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.OccasionalPartner), "E-mail address", "Password", "Six-digit code");
        await partner.WaitForURLAsync(fixture.BaseUrl + "/");
        await partner.GetByRole(AriaRole.Link, new() { Name = "Case consultations", Exact = true }).First.ClickAsync();
        await partner.GetByTestId("consultations-table").GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(partner.GetByTestId("agenda")).Not.ToContainTextAsync(second.Reference);
        await partner.ScreenshotAsync(new() { Path = Shot("consultation-before-acknowledging-en.png"), FullPage = true });
        await partner.GetByRole(AriaRole.Button, new() { Name = "I acknowledge confidentiality" }).ClickAsync();
        await Assertions.Expect(partner.GetByTestId("agenda")).ToContainTextAsync("Item 1: case on the agenda");
        await Assertions.Expect(partner.GetByTestId("agenda")).ToContainTextAsync(second.Reference);
        await Assertions.Expect(partner.GetByTestId("agenda")).Not.ToContainTextAsync(first.Reference);
        await partner.ScreenshotAsync(new() { Path = Shot("consultation-detail-en.png"), FullPage = true });
        await partner.GetByRole(AriaRole.Link, new() { Name = $"Item 2: case {second.Reference}" }).ClickAsync();
        await Assertions.Expect(partner.GetByTestId("entries")).ToContainTextAsync("GGZ nodigt Lotte uit");
        await Assertions.Expect(partner.GetByTestId("fixed-note")).ToBeVisibleAsync();
        await partner.ScreenshotAsync(new() { Path = Shot("consultation-item-en.png"), FullPage = true });
        await partner.Context.CloseAsync();
    }

    private async Task<Guid> AddMentalHealthMemberAsync(Guid caseId)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == "mentalhealth@casus.demo");
        var now = fixture.App.Time.GetUtcNow();
        db.RecordMemberships.Add(new RecordMembership
        {
            RecordKind = CaseAccess.RecordKind, RecordId = caseId, UserId = user.Id, OrganisationId = user.OrganisationId,
            Purpose = "Duiding psychisch beeld", LegalBasis = "Wet verplichte ggz", ValidFrom = now.AddMinutes(-1), ValidUntil = now.AddDays(30),
            CreatedAt = now, CreatedBy = user.Id,
        });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A signal reported by the police through the API, and a case opened for it as a weighing decision would.</summary>
    private async Task<(Guid Id, string Reference)> OpenCaseAsync(string givenNames, string surname)
    {
        var police = await fixture.NewPageAsync("nl-NL");
        await new LoginPage(police, fixture).SignInAsync(DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional), "E-mailadres", "Wachtwoord", "Zescijferige code");
        await police.WaitForURLAsync(fixture.BaseUrl + "/");
        var lindendal = await fixture.App.WithDbAsync(db => db.Municipalities.Where(m => m.Name == "Lindendal").Select(m => m.Id).SingleAsync());
        var response = await police.APIRequest.PostAsync("/api/v1/signals", new()
        {
            DataObject = new { municipalityId = lindendal, givenNames, surname, dateOfBirth = "2003-05-14", phenomenon = "RightWingExtremism", narrative = "Deelt oproepen tot geweld in een besloten groep.", urgency = "Normal" },
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
        return (opened.Id, opened.Reference);
    }
}
