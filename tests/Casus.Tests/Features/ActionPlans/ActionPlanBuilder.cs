using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.ActionPlans;
using Casus.Web.Platform.Security;

namespace Casus.Tests.Features.ActionPlans;

/// <summary>Test data and calls for action plans: a case with the police as member and a plan of three goals.</summary>
public static class ActionPlanBuilder
{
    public sealed record PlannedCase(CaseBuilder.OpenedCase Case, PlanChanged Plan);

    public static readonly GoalInput[] ThreeGoals =
    [
        new(LifeDomain.Education, "Weer naar school: het diploma van dit jaar halen."),
        new(LifeDomain.Family, "Het gezin praat weer met elkaar over wat er online gebeurt."),
        new(LifeDomain.Ideology, "Afstand nemen van het extremistische netwerk."),
    ];

    /// <summary>Opens a case, adds the police partner as member and creates a plan with three goals, as the coordinator.</summary>
    public static async Task<PlannedCase> PlannedCaseAsync(this AppFactory app, CasusClient coordinator, string surname)
    {
        var opened = await app.OpenCaseAsync("Sami", surname);
        await coordinator.AddMemberAsync(opened.Id, await app.UserIdAsync("police@casus.demo"), app.Today(), null);
        var response = await coordinator.PostJsonAsync($"/api/v1/cases/{opened.Id}/plan", new PlanInput(ThreeGoals));
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return new PlannedCase(opened, (await response.Content.ReadFromJsonAsync<PlanChanged>(SignalBuilder.Json))!);
    }

    public static async Task<PlanDetail> PlanAsync(this CasusClient client, Guid caseId)
    {
        var response = await client.GetAsync($"/api/v1/cases/{caseId}/plan");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PlanDetail>(SignalBuilder.Json))!;
    }

    public static async Task<ActionPlanChoices> ChoicesAsync(this CasusClient client, Guid caseId)
    {
        var response = await client.GetAsync($"/api/v1/cases/{caseId}/plan/choices");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<ActionPlanChoices>(SignalBuilder.Json))!;
    }

    public static async Task<PlanChanged> ChangedAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PlanChanged>(SignalBuilder.Json))!;
    }

    /// <summary>Adds an intervention of the catalogue (by name) to a goal, with the police as the responsible partner.</summary>
    public static async Task<PlanChanged> AddPoliceActionAsync(this CasusClient coordinator, Guid caseId, Guid version, Guid goalId, string intervention,
        DateOnly start, DateOnly due)
    {
        var choices = await coordinator.ChoicesAsync(caseId);
        var police = choices.Organisations.Single(o => o.Name.StartsWith("Politie", StringComparison.Ordinal));
        var entry = choices.Interventions.Single(i => i.Name == intervention);
        return await ChangedAsync(await coordinator.PostWithVersionAsync($"/api/v1/cases/{caseId}/plan/goals/{goalId}/actions",
            new ActionInput(entry.Id, police.Id, start, due), version));
    }

    public static Task<CasusClient> PoliceAsync(this AppFactory app) => app.SignedInAsAsync(Roles.PartnerProfessional);
}
