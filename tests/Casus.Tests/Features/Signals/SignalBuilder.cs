using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Signals;

/// <summary>Test data and calls for signals: a plausible signal about a named person, registered through the API.</summary>
public static class SignalBuilder
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(), new PartialDateJsonConverter() } };

    public static Task<Guid> MunicipalityIdAsync(this AppFactory app, string name) =>
        app.WithDbAsync(db => db.Municipalities.Where(m => m.Name == name).Select(m => m.Id).SingleAsync());

    public static async Task<SignalInput> SignalAboutAsync(this AppFactory app, string givenNames, string surname, string municipality = "Lindendal",
        string narrative = "Deelt in de klassenapp filmpjes die geweld verheerlijken.") => new()
    {
        MunicipalityId = await app.MunicipalityIdAsync(municipality),
        GivenNames = givenNames,
        Surname = surname,
        DateOfBirth = "2007-03-14",
        Phenomenon = Phenomenon.Jihadism,
        Indicators = ["online-propaganda", "us-them"],
        Narrative = narrative,
        Urgency = SignalUrgency.Normal,
    };

    public static async Task<RegisteredSignal> RegisterAsync(this CasusClient client, SignalInput input)
    {
        var response = await client.PostJsonAsync("/api/v1/signals", input);
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<RegisteredSignal>(Json))!;
    }

    public static async Task<SignalDetail> SignalAsync(this CasusClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/signals/{id}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<SignalDetail>(Json))!;
    }

    public static async Task<HttpResponseMessage> PostWithVersionAsync<T>(this CasusClient client, string path, T body, Guid version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version:N}\"");
        return await client.Http.SendAsync(request);
    }

    /// <summary>Searches the inbox as a person does: the filter form posts the term, and the list it leads to is read.</summary>
    public static async Task<string> SearchInboxAsync(this CasusClient client, string term)
    {
        var redirect = await client.SubmitFormAsync("/signals", new Dictionary<string, string> { ["search"] = term }, "/signals?handler=Filter");
        await Expect.StatusAsync(redirect, HttpStatusCode.Redirect);
        return await client.GetPageAsync(redirect.Headers.Location!.OriginalString);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;
}
