using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.SubjectRights;

namespace Casus.Tests.Features.SubjectRights;

/// <summary>Calls of the data-subject rights API, as the privacy officer.</summary>
public static class SubjectRightsBuilder
{
    public static Task<HttpResponseMessage> PostRequestAsync(this CasusClient client, object body) =>
        client.Http.PostAsJsonAsync("/api/v1/privacy/requests", body, SignalBuilder.Json);

    public static async Task<SubjectRequestItem> NewRequestAsync(this CasusClient client, SubjectRequestKind kind, string reference, DateOnly received)
    {
        var response = await client.PostRequestAsync(new NewSubjectRequestInput(kind, reference, received));
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<SubjectRequestItem>(SignalBuilder.Json))!;
    }

    public static async Task<SubjectRequestItem> RequestAsync(this CasusClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/privacy/requests/{id}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<SubjectRequestItem>(SignalBuilder.Json))!;
    }

    public static async Task<SubjectRequestItem> DecideAsync(this CasusClient client, SubjectRequestItem request, SubjectRequestOutcome outcome, string? ground, string? note = null)
    {
        var response = await client.PostWithVersionAsync($"/api/v1/privacy/requests/{request.Id}/decision", new DecisionInput(outcome, ground, note), request.Version);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<SubjectRequestItem>(SignalBuilder.Json))!;
    }

    public static async Task<JsonElement> ReportJsonAsync(this CasusClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/privacy/requests/{id}/report");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public static Task<int> RequestCountAsync(this AppFactory app) => app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<SubjectRequest>()));
}
