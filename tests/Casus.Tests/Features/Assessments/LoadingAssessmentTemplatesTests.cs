using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Assessments;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Assessments;

/// <summary>System admins load templates as data: checked with clear messages, versioned, frozen once used, retired with a version check.</summary>
public sealed class LoadingAssessmentTemplatesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_demo_ships_the_neutral_example_and_it_names_no_licensed_instrument()
    {
        var template = await app.WithDbAsync(db => db.Set<AssessmentTemplate>().SingleAsync(x => x.Key == "neutral-example"));
        Assert.Equal(1, template.TemplateVersion);
        Assert.False(template.RequiresCertification);
        foreach (var name in new[] { "VERA", "ERG", "TRAP", "IR46", "IR-46" })
        {
            Assert.DoesNotContain(name, TemplateAdmin.NeutralExample(), StringComparison.OrdinalIgnoreCase);
        }
        var document = TemplateDocument.FromStored(template.Definition);
        Assert.Equal(["ideas", "network", "intent", "circumstances"], document.Domains.Select(d => d.Key));
        Assert.Equal(["low", "moderate", "high"], document.SummaryOptions.Select(o => o.Key));
    }

    [Fact]
    public async Task Bad_json_duplicate_codes_and_an_unknown_scale_are_refused_with_clear_messages_and_nothing_is_stored()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var before = await CountAsync();

        var notJson = await admin.LoadTemplateAsync("{ \"key\": \"broken\", ");
        Assert.Contains("not valid JSON", await MessagesAsync(notJson, HttpStatusCode.BadRequest));

        var duplicate = await admin.LoadTemplateAsync(AssessmentBuilder.TemplateJson("dupes", change: t => t["domains"] = new object[]
        {
            new { key = "one", nameNl = "Eén", nameEn = "One", items = new object[] { new { code = "a", textNl = "A", textEn = "A", scale = "yes-no" } } },
            new { key = "two", nameNl = "Twee", nameEn = "Two", items = new object[] { new { code = "a", textNl = "B", textEn = "B", scale = "nope" } } },
            new { key = "three", nameNl = "Drie", nameEn = "Three", items = Array.Empty<object>() },
        }));
        var messages = await MessagesAsync(duplicate, HttpStatusCode.BadRequest);
        Assert.Contains("Item code \"a\" is used more than once.", messages);
        Assert.Contains("Item \"a\" uses scale \"nope\", which the template does not define.", messages);
        Assert.Contains("Domain \"three\" has no items.", messages);

        var missing = await admin.LoadTemplateAsync("""{ "key": "half", "version": 0, "nameEn": "Half" }""");
        var missingMessages = await MessagesAsync(missing, HttpStatusCode.BadRequest);
        Assert.Contains("nameNl is missing.", missingMessages);
        Assert.Contains("version must be a whole number of 1 or more.", missingMessages);
        Assert.Contains("The template has no domains.", missingMessages);

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task An_unused_version_can_be_corrected_a_used_one_is_frozen_and_a_change_is_a_new_version()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var first = await admin.LoadTemplateAsync(AssessmentBuilder.TemplateJson("versioned"));
        await Expect.StatusAsync(first, HttpStatusCode.Created);
        var loaded = (await first.Content.ReadFromJsonAsync<TemplateDto>(AssessmentBuilder.Json))!;

        // Not used yet: the same version may be corrected.
        var corrected = await admin.LoadTemplateAsync(AssessmentBuilder.TemplateJson("versioned", change: t => t["nameEn"] = "Corrected"));
        await Expect.StatusAsync(corrected, HttpStatusCode.Created);
        Assert.Equal(loaded.Id, (await corrected.Content.ReadFromJsonAsync<TemplateDto>(AssessmentBuilder.Json))!.Id);

        // Used by an assessment: frozen.
        var caseId = await app.OpenCaseAsync("Sem", "Versie");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await coordinator.RecordOkAsync(caseId, new AssessmentInput(loaded.Id, new() { ["a"] = 1 }, null, ["pf"], "low", "Eerste beeld."));
        var refused = await admin.LoadTemplateAsync(AssessmentBuilder.TemplateJson("versioned", change: t => t["nameEn"] = "Changed again"));
        await Expect.StatusAsync(refused, HttpStatusCode.Conflict);
        var problem = await SignalBuilder.ProblemAsync(refused);
        Assert.Equal("template_version_in_use", problem.GetProperty("code").GetString());
        Assert.Contains("Load your change as version 2", problem.GetProperty("title").GetString());
        var stored = await app.WithDbAsync(db => db.Set<AssessmentTemplate>().SingleAsync(x => x.Id == loaded.Id));
        Assert.Equal("Corrected", stored.NameEn);

        var second = await admin.LoadTemplateAsync(AssessmentBuilder.TemplateJson("versioned", version: 2, change: t => t["nameEn"] = "Changed again"));
        await Expect.StatusAsync(second, HttpStatusCode.Created);
        var list = (await admin.Http.GetFromJsonAsync<List<TemplateDto>>("/api/v1/admin/assessment-templates", AssessmentBuilder.Json))!;
        Assert.Equal([2, 1], list.Where(x => x.Key == "versioned").Select(x => x.TemplateVersion));
        Assert.Equal(1, list.Single(x => x.Key == "versioned" && x.TemplateVersion == 1).AssessmentCount);
    }

    [Fact]
    public async Task Retiring_with_a_stale_version_is_refused_and_a_retired_template_is_not_offered()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var loaded = await admin.LoadTemplateAsync(AssessmentBuilder.TemplateJson("retiring"));
        var template = (await loaded.Content.ReadFromJsonAsync<TemplateDto>(AssessmentBuilder.Json))!;

        var stale = await admin.PostWithVersionAsync($"/api/v1/admin/assessment-templates/{template.Id}/retire", new { }, Guid.NewGuid());
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal("changed_by_someone_else", (await SignalBuilder.ProblemAsync(stale)).GetProperty("code").GetString());
        var noIfMatch = await admin.Http.PostAsync($"/api/v1/admin/assessment-templates/{template.Id}/retire", null);
        await Expect.StatusAsync(noIfMatch, HttpStatusCode.PreconditionRequired);

        var retired = await admin.PostWithVersionAsync($"/api/v1/admin/assessment-templates/{template.Id}/retire", new { }, template.Version);
        await Expect.StatusAsync(retired, HttpStatusCode.OK);
        Assert.NotNull((await retired.Content.ReadFromJsonAsync<TemplateDto>(AssessmentBuilder.Json))!.RetiredAt);

        var caseId = await app.OpenCaseAsync("Rik", "Pensioen");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var form = await coordinator.GetPageAsync($"/cases/{caseId}/assessments/new");
        Assert.DoesNotContain("Test retiring", form);
        var refused = await coordinator.RecordAsync(caseId, new AssessmentInput(template.Id, new() { ["a"] = 1 }, null, [], "low", "Reden."));
        await Expect.StatusAsync(refused, HttpStatusCode.BadRequest);
        Assert.True((await SignalBuilder.ProblemAsync(refused)).GetProperty("errors").TryGetProperty("TemplateId", out _));
    }

    [Fact]
    public async Task The_admin_page_loads_a_pasted_template_and_shows_the_problems_of_a_bad_one()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var bad = await admin.SubmitFormAsync("/admin/assessment-templates", new Dictionary<string, string> { ["Json"] = AssessmentBuilder.TemplateJson("pasted", change: t => t["summaryOptions"] = Array.Empty<object>()) },
            "/admin/assessment-templates?handler=Load");
        await Expect.StatusAsync(bad, HttpStatusCode.OK);
        Assert.Contains("Het eindoordeel heeft minstens twee opties nodig.", await bad.Content.ReadAsStringAsync());

        var good = await admin.SubmitFormAsync("/admin/assessment-templates", new Dictionary<string, string> { ["Json"] = AssessmentBuilder.TemplateJson("pasted") },
            "/admin/assessment-templates?handler=Load");
        await Expect.StatusAsync(good, HttpStatusCode.Redirect);
        Assert.Contains("Test pasted", await admin.GetPageAsync("/admin/assessment-templates"));
        var exampleId = await app.ExampleTemplateIdAsync();
        var detail = WebUtility.HtmlDecode(await admin.GetPageAsync($"/admin/assessment-templates/{exampleId}"));
        Assert.Contains("Steunende familie of vrienden", detail);
        Assert.Contains("Lage zorg · Matige zorg · Hoge zorg", detail);
    }

    private Task<int> CountAsync() => app.WithDbAsync(db => db.Set<AssessmentTemplate>().CountAsync());

    private static async Task<string> MessagesAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await Expect.StatusAsync(response, expected);
        var problem = await SignalBuilder.ProblemAsync(response);
        return string.Join("\n", problem.GetProperty("errors").GetProperty("Document").EnumerateArray().Select(e => e.GetString()));
    }
}
