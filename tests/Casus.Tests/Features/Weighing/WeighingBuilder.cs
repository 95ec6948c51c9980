using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Shared;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Weighing;

namespace Casus.Tests.Features.Weighing;

/// <summary>Test data and calls for weighing: complete decisions, and a person with two linked signals.</summary>
public static class WeighingBuilder
{
    public static DecisionInput Complete(WeighingOutcome outcome, DateOnly? observeUntil = null) => new(
        outcome, observeUntil, ["identified", "ideological-motive", "multiple-domains"], ["municipality", "police", "public-prosecution"],
        "De zorgen over verheerlijking van geweld wegen zwaarder dan de inbreuk van een gecoördineerde aanpak.",
        "School en jeugdwerk hebben het afzonderlijk geprobeerd; zonder afstemming tussen partners lukt het niet.");

    /// <summary>Two signals about the same person (the second confirmed as the same person), both new.</summary>
    public static async Task<(RegisteredSignal First, RegisteredSignal Second)> PersonWithTwoSignalsAsync(this AppFactory app, CasusClient coordinator,
        string givenNames, string surname, string municipality = "Lindendal")
    {
        using var police = await app.SignedInAsAsync(Casus.Web.Platform.Security.Roles.PartnerProfessional);
        var first = await police.RegisterAsync(await app.SignalAboutAsync(givenNames, surname, municipality));
        var second = await police.RegisterAsync(await app.SignalAboutAsync(givenNames, surname, municipality, "Zei tegen een docent dat ongelovigen straf verdienen."));
        await Expect.StatusAsync(await coordinator.PostJsonAsync($"/api/v1/signals/{second.Id}/links/{first.Id}", new { }), HttpStatusCode.OK);
        return (first, second);
    }

    public static async Task<HttpResponseMessage> DecideAsync(this CasusClient client, Guid signalId, DecisionInput input)
    {
        var signal = await client.SignalAsync(signalId);
        return await client.PostWithVersionAsync($"/api/v1/weighing/signals/{signalId}/decisions", input, signal.Version);
    }

    public static async Task<RecordedDecision> DecidedAsync(this CasusClient client, Guid signalId, DecisionInput input)
    {
        var response = await client.DecideAsync(signalId, input);
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<RecordedDecision>(SignalBuilder.Json))!;
    }

    public static async Task<DecisionDetail> DecisionAsync(this CasusClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/weighing/decisions/{id}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<DecisionDetail>(SignalBuilder.Json))!;
    }

    public static async Task<HttpResponseMessage> ApproveAsync(this CasusClient client, Guid id) =>
        await client.PostWithVersionAsync($"/api/v1/weighing/decisions/{id}/approve", new { }, (await client.DecisionAsync(id)).Version);

    public static async Task<HttpResponseMessage> RejectAsync(this CasusClient client, Guid id, string? reason) =>
        await client.PostWithVersionAsync($"/api/v1/weighing/decisions/{id}/reject", new ReasonInput(reason), (await client.DecisionAsync(id)).Version);

    public static async Task<PageOf<DecisionListItem>> ListAsync(this CasusClient client, string list)
    {
        var response = await client.GetAsync($"/api/v1/weighing/{list}?pageSize=200");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PageOf<DecisionListItem>>(SignalBuilder.Json))!;
    }
}
