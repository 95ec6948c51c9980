using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Assessments;

/// <summary>Assessments on a case: validation, once-only recording, the comparison, who sees them, and concurrent recording.</summary>
public sealed class RecordingAssessmentsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_missing_rating_and_unknown_codes_are_field_errors_and_nothing_is_stored()
    {
        var caseId = await app.OpenCaseAsync("Milan", "Onvolledig");
        var templateId = await app.ExampleTemplateIdAsync();
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        coordinator.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var input = AssessmentBuilder.ExampleInput(templateId);
        input.Ratings!.Remove("intent-1");
        input.Ratings["made-up"] = 2;
        input.Ratings["ideas-2"] = 9;

        var response = await coordinator.RecordAsync(caseId, input with { ProtectiveFactors = ["pf-unknown"], SummaryJudgement = "extreme", Rationale = " " });
        await Expect.StatusAsync(response, HttpStatusCode.BadRequest);
        var errors = (await SignalBuilder.ProblemAsync(response)).GetProperty("errors");
        Assert.Equal("Give a rating for \"Statements about a plan to harm someone\".", errors.GetProperty("Ratings.intent-1")[0].GetString());
        Assert.Contains("choose one of the options", errors.GetProperty("Ratings.ideas-2")[0].GetString());
        Assert.Equal("\"made-up\" is not an item of this template.", errors.GetProperty("Ratings")[0].GetString());
        Assert.Equal("\"pf-unknown\" is not a protective factor of this template.", errors.GetProperty("ProtectiveFactors")[0].GetString());
        Assert.True(errors.TryGetProperty("SummaryJudgement", out _));
        Assert.True(errors.TryGetProperty("Rationale", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Assessment>().CountAsync(a => a.CaseId == caseId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CaseEvent>().CountAsync(e => e.CaseId == caseId && e.Kind == CaseEventKind.AssessmentRecorded)));

        // The form shows the same messages next to the fields and keeps what was entered.
        var page = await coordinator.SubmitFormAsync($"/cases/{caseId}/assessments/new", new Dictionary<string, string>
        {
            ["template"] = templateId.ToString(), ["Newest"] = Guid.Empty.ToString(), ["Ratings[ideas-1]"] = "2", ["Rationale"] = "Half ingevuld.",
        });
        await Expect.StatusAsync(page, HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"rating-intent-1-error\"", html);
        Assert.Contains("Half ingevuld.", html);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Assessment>().CountAsync(a => a.CaseId == caseId)));
    }

    [Fact]
    public async Task Two_assessments_are_compared_item_by_item_with_factors_and_judgement()
    {
        var caseId = await app.OpenCaseAsync("Noah", "Vergelijk");
        var templateId = await app.ExampleTemplateIdAsync();
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var first = await coordinator.RecordOkAsync(caseId, AssessmentBuilder.ExampleInput(templateId, rating: 1, factors: ["pf-family", "pf-daytime"], judgement: "moderate"));
        app.Time.Advance(TimeSpan.FromDays(90));
        using var later = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var second = await later.RecordOkAsync(caseId, AssessmentBuilder.ExampleInput(templateId, rating: 1,
            except: new Dictionary<string, int> { ["ideas-2"] = 3, ["network-1"] = 0 }, factors: ["pf-family", "pf-help"], judgement: "high"));

        var comparison = (await later.Http.GetFromJsonAsync<AssessmentComparison>($"/api/v1/cases/{caseId}/assessments/{second.Id}/comparison", AssessmentBuilder.Json))!;
        Assert.Equal(first.Id, comparison.Previous!.Id);
        Assert.Equal(["ideas-2", "network-1"], comparison.Items.Where(i => i.Changed).Select(i => i.Code));
        var ideas2 = comparison.Items.Single(i => i.Code == "ideas-2");
        Assert.Equal((1, 3), (ideas2.PreviousValue!.Value, ideas2.CurrentValue!.Value));
        Assert.Equal(8, comparison.Items.Count);
        Assert.Equal(["pf-help"], comparison.FactorsGained.Select(f => f.Code));
        Assert.Equal(["pf-daytime"], comparison.FactorsLost.Select(f => f.Code));
        Assert.Equal(("moderate", "high"), (comparison.Previous.SummaryJudgement, comparison.Current.SummaryJudgement));

        var firstComparison = (await later.Http.GetFromJsonAsync<AssessmentComparison>($"/api/v1/cases/{caseId}/assessments/{first.Id}/comparison", AssessmentBuilder.Json))!;
        Assert.Null(firstComparison.Previous);

        var list = (await later.Http.GetFromJsonAsync<AssessmentList>($"/api/v1/cases/{caseId}/assessments", AssessmentBuilder.Json))!;
        Assert.Equal([second.Id, first.Id], list.Items.Select(a => a.Id));
        Assert.All(list.Items, a => Assert.Equal(Roles.ProcessCoordinator, a.AssessorRole));

        var page = await later.GetPageAsync($"/cases/{caseId}/assessments/{second.Id}/comparison");
        Assert.Contains("2 van de 8 scores veranderd", page);
        Assert.Contains("data-testid=\"item-ideas-2\" data-changed=\"true\"", page);
        Assert.Contains("data-testid=\"item-ideas-1\" data-changed=\"false\"", page);

        // One case event per assessment; the words about the person are not stored readable.
        var events = await app.WithDbAsync(db => db.Set<CaseEvent>().Where(e => e.CaseId == caseId && e.Kind == CaseEventKind.AssessmentRecorded).Select(e => e.RelatedId).ToListAsync());
        Assert.Equal(new[] { first.Id, second.Id }.Order(), events.Select(e => e!.Value).Order());
        var stored = await app.WithDbAsync(db => db.Set<Assessment>().SingleAsync(a => a.Id == second.Id));
        Assert.DoesNotContain("sportschool", stored.ResultCiphertext);
        Assert.DoesNotContain("Gesprekken", stored.ResultCiphertext);
    }

    [Fact]
    public async Task Recording_and_reading_are_in_the_processing_log_for_the_person()
    {
        var caseId = await app.OpenCaseAsync("Lars", "Logboek");
        var personId = await app.WithDbAsync(db => db.Set<Case>().Where(c => c.Id == caseId).Select(c => c.PersonId).SingleAsync());
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var recorded = await coordinator.RecordOkAsync(caseId, AssessmentBuilder.ExampleInput(await app.ExampleTemplateIdAsync()));
        await coordinator.GetPageAsync($"/cases/{caseId}/assessments/{recorded.Id}");

        var pseudonym = app.Services.GetRequiredService<SubjectPseudonymizer>().Pseudonymize("person", personId);
        var actions = await app.WithDbAsync(db => db.ProcessingLog
            .Where(r => r.SubjectPseudonym == pseudonym && r.ProcessingActivityId == AssessmentActivities.Assessments.Id).Select(r => r.Name).ToListAsync());
        Assert.Contains("create", actions);
        Assert.Contains("read", actions);
        Assert.Contains("list", actions);
    }

    [Fact]
    public async Task A_second_recording_on_a_stale_view_is_refused_with_a_clear_message()
    {
        var caseId = await app.OpenCaseAsync("Daan", "Tegelijk");
        var templateId = await app.ExampleTemplateIdAsync();
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        var seenByBoth = await coordinator.NewestAsync(caseId);
        Assert.Equal(Guid.Empty, seenByBoth);

        var directorForm = await director.GetPageAsync($"/cases/{caseId}/assessments/new");
        await coordinator.RecordOkAsync(caseId, AssessmentBuilder.ExampleInput(templateId));

        var api = await director.RecordAsync(caseId, AssessmentBuilder.ExampleInput(templateId, rating: 2), seenByBoth);
        await Expect.StatusAsync(api, HttpStatusCode.PreconditionFailed);
        Assert.Equal("changed_by_someone_else", (await SignalBuilder.ProblemAsync(api)).GetProperty("code").GetString());

        var fields = new Dictionary<string, string>
        {
            ["template"] = templateId.ToString(), ["Newest"] = Guid.Empty.ToString(), ["SummaryJudgement"] = "low", ["Rationale"] = "Mijn beeld.",
            ["__af"] = CasusClient.AntiforgeryToken(directorForm),
        };
        foreach (var item in AssessmentBuilder.ExampleInput(templateId).Ratings!.Keys)
        {
            fields[$"Ratings[{item}]"] = "0";
        }
        var page = await director.Http.PostAsync($"/cases/{caseId}/assessments/new", new FormUrlEncodedContent(fields));
        await Expect.StatusAsync(page, HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("Na het openen van dit formulier is er een andere taxatie bij deze casus vastgelegd.", StringComparison.Ordinal), html);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Assessment>().CountAsync(a => a.CaseId == caseId)));
    }

    [Fact]
    public async Task A_partner_member_sees_assessments_but_a_non_member_an_occasional_member_and_another_municipality_get_404()
    {
        var caseId = await app.OpenCaseAsync("Bram", "Toegang");
        var otherMunicipality = await app.OpenCaseAsync("Jesse", "Elders", municipality: "Brugwater");
        var templateId = await app.ExampleTemplateIdAsync();
        using (var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            await coordinator.RecordOkAsync(caseId, AssessmentBuilder.ExampleInput(templateId));
            await coordinator.RecordOkAsync(otherMunicipality, AssessmentBuilder.ExampleInput(templateId));
        }
        var assessmentId = await app.WithDbAsync(db => db.Set<Assessment>().Where(a => a.CaseId == caseId).Select(a => a.Id).SingleAsync());

        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await NotFoundEverywhereAsync(police, caseId, assessmentId);

        await app.AddMemberAsync(caseId, Roles.PartnerProfessional);
        await Expect.StatusAsync(await police.GetAsync($"/api/v1/cases/{caseId}/assessments/{assessmentId}"), HttpStatusCode.OK);
        Assert.Contains("Neutraal voorbeeld", await police.GetPageAsync($"/cases/{caseId}/assessments"));

        // An occasional partner is a member of the case, but the NL profile does not let that role see assessment results.
        await app.AddMemberAsync(caseId, Roles.OccasionalPartner, days: 30);
        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        await NotFoundEverywhereAsync(mentalHealth, caseId, assessmentId);

        // The Lindendal director does not run Brugwater's cases.
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        var brugwaterAssessment = await app.WithDbAsync(db => db.Set<Assessment>().Where(a => a.CaseId == otherMunicipality).Select(a => a.Id).SingleAsync());
        await NotFoundEverywhereAsync(director, otherMunicipality, brugwaterAssessment);
        await Expect.StatusAsync(await director.GetAsync($"/api/v1/cases/{caseId}/assessments"), HttpStatusCode.OK);
    }

    private static async Task NotFoundEverywhereAsync(CasusClient client, Guid caseId, Guid assessmentId)
    {
        foreach (var path in new[]
        {
            $"/api/v1/cases/{caseId}/assessments", $"/api/v1/cases/{caseId}/assessments/{assessmentId}", $"/api/v1/cases/{caseId}/assessments/{assessmentId}/comparison",
            $"/api/v1/cases/{caseId}/assessments/templates",
            $"/cases/{caseId}/assessments", $"/cases/{caseId}/assessments/new", $"/cases/{caseId}/assessments/{assessmentId}", $"/cases/{caseId}/assessments/{assessmentId}/comparison",
        })
        {
            await Expect.StatusAsync(await client.GetAsync(path), HttpStatusCode.NotFound);
        }
        var record = await client.PostWithVersionAsync($"/api/v1/cases/{caseId}/assessments", AssessmentBuilder.ExampleInput(Guid.NewGuid()), Guid.Empty);
        await Expect.StatusAsync(record, HttpStatusCode.NotFound);
    }
}
