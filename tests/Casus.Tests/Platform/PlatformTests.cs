using System.Net;
using Casus.Tests.Support;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Platform;

public sealed class PlatformTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A page that answers "not found" without content still reaches the browser with a readable body.</summary>
    [Fact]
    public async Task A_page_not_found_has_a_body_the_browser_can_show()
    {
        using var coordinator = await app.SignedInAsAsync(Casus.Web.Platform.Security.Roles.ProcessCoordinator);
        var response = await coordinator.GetAsync($"/cases/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("404", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_without_signing_in()
    {
        using var client = app.CreateCasusClient();
        var response = await client.GetAsync("/health");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_administration_API()
    {
        using var client = app.CreateCasusClient();
        var json = await client.GetPageAsync("/openapi/v1.json");
        Assert.Contains("\"/api/v1/admin/users/{id}\"", json, StringComparison.Ordinal);
        Assert.Contains("InviteUser", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_are_never_cached()
    {
        using var client = app.CreateCasusClient();
        var response = await client.GetAsync("/account/login");
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-casus-af=", StringComparison.Ordinal));
        Assert.All(cookies.Where(c => c.StartsWith("__Host-", StringComparison.Ordinal)), c =>
        {
            Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", c, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task The_start_page_speaks_English_when_the_browser_asks_for_it()
    {
        using var client = app.CreateCasusClient();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        Assert.Contains("Sign in to Casus", await client.GetPageAsync("/account/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neither_database_provider_has_model_changes_without_a_migration()
    {
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        Assert.False(pending);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges());
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(postgres.Database.HasPendingModelChanges());
    }

    [Fact]
    public void Production_refuses_to_start_in_demo_mode()
    {
        using var production = new ProductionDemoFactory();
        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());
        Assert.Contains("Demo mode is on in Production", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_web_node_on_the_same_database_accepts_the_first_nodes_session()
    {
        using var signedIn = await app.SignedInAsAsync(Casus.Web.Platform.Security.Roles.CaseDirector);
        await using var second = new AppFactory(app.Database, null) { OwnsDatabase = false };
        second.Time.AdjustTime(app.Time.GetUtcNow());
        using var otherNode = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        var cookie = string.Join("; ", (await signedIn.GetAsync("/")).Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []);
        Assert.NotEmpty(cookie);
        otherNode.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await otherNode.GetAsync("/");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Contains("data-role=\"case-director\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class ProductionDemoFactory : AppFactory
    {
        protected override string EnvironmentName => "Production";
    }
}
