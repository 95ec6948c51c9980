using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Interventions;
using Casus.Web.Platform.Security;

namespace Casus.Tests.Features.ActionPlans;

/// <summary>The region's intervention catalogue: managed by the regional coordinator, validated, retired rather than deleted.</summary>
public sealed class ManagingTheInterventionCatalogueTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_regional_coordinator_adds_changes_and_retires_an_intervention_and_plans_no_longer_offer_it()
    {
        using var regional = await app.SignedInAsAsync(Roles.RegionalCoordinator);
        var seeded = await ListAsync(regional);
        Assert.Contains(seeded, i => i.Name == "Exitprogramma");

        var added = await regional.PostJsonAsync("/api/v1/interventions",
            new InterventionInput("Weerbaarheidstraining", InterventionKind.PrimaryPrevention, "Lindendal College", "Leerlingen", "Training in het klaslokaal.", "Demo."));
        await Expect.StatusAsync(added, HttpStatusCode.Created);
        var entry = (await added.Content.ReadFromJsonAsync<InterventionItem>(SignalBuilder.Json))!;

        var changed = await regional.PutJsonAsync($"/api/v1/interventions/{entry.Id}",
            new InterventionInput("Weerbaarheidstraining", InterventionKind.SecondaryPrevention, "Lindendal College", "Leerlingen 12-16", null, null), $"\"{entry.Version:N}\"");
        await Expect.StatusAsync(changed, HttpStatusCode.OK);
        var stale = await regional.PutJsonAsync($"/api/v1/interventions/{entry.Id}",
            new InterventionInput("Iets anders", InterventionKind.Care, "Aanbieder", null, null, null), $"\"{entry.Version:N}\"");
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        var current = (await changed.Content.ReadFromJsonAsync<InterventionItem>(SignalBuilder.Json))!;
        Assert.Equal(InterventionKind.SecondaryPrevention, current.Kind);

        var retired = await regional.PostWithVersionAsync($"/api/v1/interventions/{entry.Id}/retire", new { }, current.Version);
        await Expect.StatusAsync(retired, HttpStatusCode.OK);
        Assert.DoesNotContain(await ListAsync(regional), i => i.Id == entry.Id);
        Assert.Contains("Weerbaarheidstraining", await regional.GetPageAsync("/admin/interventions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_or_duplicate_entry_gives_a_clear_error_and_adds_nothing()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var before = (await ListAsync(admin)).Count;
        var invalid = await admin.PostJsonAsync("/api/v1/interventions", new InterventionInput(" ", null, "<b>x</b>", null, null, null));
        await Expect.StatusAsync(invalid, HttpStatusCode.BadRequest);
        var body = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("\"Name\"", body, StringComparison.Ordinal);
        Assert.Contains("\"Kind\"", body, StringComparison.Ordinal);
        Assert.Contains("\"Provider\"", body, StringComparison.Ordinal);
        var duplicate = await admin.PostJsonAsync("/api/v1/interventions", new InterventionInput("Mentoraat", InterventionKind.Care, "Iemand", null, null, null));
        await Expect.StatusAsync(duplicate, HttpStatusCode.Conflict);
        Assert.Equal(before, (await ListAsync(admin)).Count);

        // The page form shows the errors next to the fields.
        var page = await admin.SubmitFormAsync("/admin/interventions", new Dictionary<string, string> { ["Name"] = "", ["Provider"] = "" });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("utrecht-form-field--invalid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<List<InterventionItem>> ListAsync(CasusClient client)
    {
        var response = await client.GetAsync("/api/v1/interventions");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<InterventionItem>>(SignalBuilder.Json))!;
    }
}
