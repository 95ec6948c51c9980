using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.PartnerSystems;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.PartnerSystems;

/// <summary>A partner's own system submits signals with OAuth2 client credentials, for its own organisation and nothing more.</summary>
public sealed class SubmittingSignalsFromAPartnerSystemTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<PartnerSystemCredentials> RegisterAsync(string organisation = "Politie eenheid Rivierenland")
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var organisationId = await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).SingleAsync());
        var response = await admin.PostJsonAsync("/api/v1/admin/partner-systems", new PartnerSystemInput(organisationId, "Politiesysteem BVH"));
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<PartnerSystemCredentials>(SignalBuilder.Json))!;
    }

    private async Task<HttpResponseMessage> TokenAsync(HttpClient http, string clientId, string secret, string grant = "client_credentials")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = grant }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return await http.SendAsync(request);
    }

    private async Task<string> AccessTokenAsync(HttpClient http, PartnerSystemCredentials credentials)
    {
        var response = await TokenAsync(http, credentials.Client.ClientId, credentials.ClientSecret);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(900, body.GetProperty("expires_in").GetInt32());
        return body.GetProperty("access_token").GetString()!;
    }

    private HttpClient System(string? token)
    {
        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false, AllowAutoRedirect = false });
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    [Fact]
    public async Task A_partner_system_gets_a_token_and_submits_a_signal_for_its_own_organisation()
    {
        var credentials = await RegisterAsync();
        Assert.StartsWith("ps_", credentials.Client.ClientId, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<PartnerSystemClient>().AnyAsync(c => c.SecretHash.Contains(credentials.ClientSecret))));

        using var http = System(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(http, credentials));
        var response = await http.PostAsJsonAsync("/api/v1/signals", await app.SignalAboutAsync("Thijs", "Systeemmelding"), SignalBuilder.Json);
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var registered = (await response.Content.ReadFromJsonAsync<RegisteredSignal>(SignalBuilder.Json))!;

        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var signal = await coordinator.SignalAsync(registered.Id);
        Assert.Equal(SignalSource.PartnerSystem, signal.Source);
        Assert.Equal("Politie eenheid Rivierenland", signal.ReporterOrganisationName);
        Assert.Equal("Thijs Systeemmelding", signal.Subject.DisplayName);
    }

    [Fact]
    public async Task A_token_opens_nothing_but_submitting_signals()
    {
        var credentials = await RegisterAsync();
        using var http = System(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(http, credentials));
        foreach (var path in new[] { "/api/v1/signals", "/api/v1/signals/mine", "/api/v1/admin/users", $"/api/v1/signals/{Guid.NewGuid()}" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.DoesNotContain("Rivierenland", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_client_or_another_grant_gets_no_token()
    {
        var credentials = await RegisterAsync();
        using var http = System(null);
        var wrong = await TokenAsync(http, credentials.Client.ClientId, credentials.ClientSecret + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(http, "ps_unknown", "secret")).StatusCode);
        var password = await TokenAsync(http, credentials.Client.ClientId, credentials.ClientSecret, grant: "password");
        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
        Assert.Equal("unsupported_grant_type", (await password.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        using var forged = System("eyJhbGciOiJub25lIn0.eyJzdWIiOiJwc194In0.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsJsonAsync("/api/v1/signals", await app.SignalAboutAsync("A", "B"), SignalBuilder.Json)).StatusCode);
    }

    [Fact]
    public async Task Deactivating_the_client_stops_its_tokens_at_once_and_tokens_expire_after_fifteen_minutes()
    {
        var credentials = await RegisterAsync();
        using var http = System(null);
        var token = await AccessTokenAsync(http, credentials);
        using var system = System(token);
        var input = await app.SignalAboutAsync("Fenna", "Tokentest");
        await Expect.StatusAsync(await system.PostAsJsonAsync("/api/v1/signals", input, SignalBuilder.Json), HttpStatusCode.Created);

        app.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.PostAsJsonAsync("/api/v1/signals", input, SignalBuilder.Json)).StatusCode);

        using var fresh = System(await AccessTokenAsync(http, credentials));
        using (var admin = await app.SignedInAsAsync(Roles.SystemAdmin))
        {
            await Expect.StatusAsync(await admin.Http.PostAsync($"/api/v1/admin/partner-systems/{credentials.Client.Id}/deactivate", null), HttpStatusCode.OK);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.PostAsJsonAsync("/api/v1/signals", input, SignalBuilder.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(http, credentials.Client.ClientId, credentials.ClientSecret)).StatusCode);
    }

    [Fact]
    public async Task The_administrator_registers_a_system_on_the_page_and_sees_the_secret_once()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var organisationId = await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == "Jeugdzorg Rivierenland").Select(o => o.Id).SingleAsync());
        var response = await admin.SubmitFormAsync("/admin/partner-systems",
            new Dictionary<string, string> { ["OrganisationId"] = organisationId.ToString(), ["Name"] = "Jeugdzorgdossier" }, "/admin/partner-systems?handler=Create");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"client-secret\"", html, StringComparison.Ordinal);
        var list = await admin.GetPageAsync("/admin/partner-systems");
        Assert.Contains("Jeugdzorgdossier", list, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"client-secret\"", list, StringComparison.Ordinal);
    }
}
