using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Consultations;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Consultations;

/// <summary>Test data and calls for consultations, through the API as the coordinator would.</summary>
public static class ConsultationBuilder
{
    public static async Task<Guid> MunicipalityIdAsync(this AppFactory app, string name = "Lindendal") =>
        await app.WithDbAsync(db => db.Municipalities.Where(m => m.Name == name).Select(m => m.Id).SingleAsync());

    public static async Task<ConsultationChanged> ScheduleAsync(this CasusClient coordinator, AppFactory app, string municipality = "Lindendal")
    {
        var input = new ScheduleInput(await app.MunicipalityIdAsync(municipality), app.Time.GetUtcNow().AddDays(7), "Stadhuis, zaal 2", null,
            await app.UserIdAsync("coordinator@casus.demo"));
        var response = await coordinator.PostJsonAsync("/api/v1/consultations", input);
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<ConsultationChanged>(SignalBuilder.Json))!;
    }

    public static async Task<ConsultationDetail> ConsultationAsync(this CasusClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/consultations/{id}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<ConsultationDetail>(SignalBuilder.Json))!;
    }

    public static async Task<ItemMinutes> ItemAsync(this CasusClient client, Guid id, Guid itemId)
    {
        var response = await client.GetAsync($"/api/v1/consultations/{id}/items/{itemId}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<ItemMinutes>(SignalBuilder.Json))!;
    }

    /// <summary>A change as the coordinator with the meeting's current version; answers the response.</summary>
    public static async Task<HttpResponseMessage> ChangeAsync<T>(this CasusClient coordinator, Guid id, string path, T body, bool put = false)
    {
        var version = (await coordinator.ConsultationAsync(id)).Version;
        return put
            ? await coordinator.PutJsonAsync($"/api/v1/consultations/{id}{path}", body, $"\"{version:N}\"")
            : await coordinator.PostWithVersionAsync($"/api/v1/consultations/{id}{path}", body, version);
    }

    public static async Task<Guid> OkRecordAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<ConsultationChanged>(SignalBuilder.Json))!.RecordId!.Value;
    }

    public static async Task AcknowledgeAsync(this CasusClient client, Guid id)
    {
        var response = await client.PostJsonAsync($"/api/v1/consultations/{id}/acknowledgement", new { });
        await Expect.StatusAsync(response, HttpStatusCode.OK);
    }

    public static async Task<List<ConsultationListItem>> ConsultationsAsync(this CasusClient client)
    {
        var response = await client.GetAsync("/api/v1/consultations");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<ConsultationListItem>>(SignalBuilder.Json))!;
    }
}
