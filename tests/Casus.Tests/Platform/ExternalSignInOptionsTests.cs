using System.Security.Claims;
using Casus.Tests.Support;
using Casus.Web.Platform.Security;

namespace Casus.Tests.Platform;

/// <summary>The identity provider settings: what stops Casus at start, and the rules each provider applies.</summary>
public sealed class ExternalSignInOptionsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static OpenIdConnectProvider Valid(string key = "lindendal") => new()
    {
        Key = key,
        DisplayName = "Gemeente Lindendal ID",
        Authority = "https://login.lindendal.example/realms/staff",
        ClientId = "casus",
        ClientSecret = "secret",
        Organisations = ["Gemeente Lindendal"],
    };

    private static List<string> Errors(bool development, params OpenIdConnectProvider[] providers) =>
        ExternalSignInOptionsValidator.Errors(new ExternalSignInOptions { Providers = [.. providers] }, development);

    [Fact]
    public async Task Without_providers_the_login_page_is_only_password_and_code()
    {
        using var client = app.CreateCasusClient();
        var html = await client.GetPageAsync("/account/login");
        Assert.DoesNotContain("casus-external-sign-in", html, StringComparison.Ordinal);
        var response = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Provider"] = "lindendal" }, postPath: "/account/external");
        await Expect.StatusAsync(response, System.Net.HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_complete_provider_passes()
    {
        Assert.Empty(Errors(development: false, Valid(), Valid("brugwater")));
    }

    [Fact]
    public void An_authority_without_https_is_refused_outside_development_only()
    {
        var provider = Valid();
        provider.Authority = "http://keycloak.local:8080/realms/staff";
        Assert.Contains(Errors(development: false, provider), e => e.Contains("must use https outside Development", StringComparison.Ordinal));
        Assert.Empty(Errors(development: true, provider));
    }

    [Fact]
    public void A_missing_client_id_a_duplicate_or_unsafe_key_and_no_organisation_are_refused()
    {
        var noClient = Valid("a");
        noClient.ClientId = "";
        var unsafeKey = Valid("Lindendal/../x");
        var noOrganisation = Valid("b");
        noOrganisation.Organisations = [];
        var errors = Errors(false, noClient, Valid("dup"), Valid("dup"), unsafeKey, noOrganisation);
        Assert.Contains(errors, e => e.Contains("Providers:0:ClientId is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Providers:2:Key 'dup' is used by another provider", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Providers:3:Key", StringComparison.Ordinal) && e.Contains("lower-case", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Providers:4:Organisations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Casus_does_not_start_with_an_invalid_provider()
    {
        var database = TestDatabase.Create();
        try
        {
            using var staging = new StagingFactory(database, new Dictionary<string, string?>
            {
                ["Authentication:OpenIdConnect:Providers:0:Key"] = "lindendal",
                ["Authentication:OpenIdConnect:Providers:0:DisplayName"] = "Gemeente Lindendal ID",
                ["Authentication:OpenIdConnect:Providers:0:Authority"] = "http://idp.lindendal.example",
                ["Authentication:OpenIdConnect:Providers:0:Organisations:0"] = "Gemeente Lindendal",
            });
            var error = Assert.ThrowsAny<Exception>(() => staging.CreateClient());
            Assert.Contains("must use https outside Development", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("ClientId is missing", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public void Organisations_are_matched_by_id_or_by_name()
    {
        var id = Guid.NewGuid();
        var provider = Valid();
        provider.Organisations = [id.ToString(), "Gemeente Brugwater"];
        Assert.True(provider.Serves(id, "Renamed municipality"));
        Assert.True(provider.Serves(Guid.NewGuid(), "gemeente brugwater"));
        Assert.False(provider.Serves(Guid.NewGuid(), "Gemeente Lindendal"));
    }

    [Fact]
    public void A_second_factor_shows_as_an_accepted_amr_or_acr_value()
    {
        var provider = Valid();
        Assert.True(provider.ShowsMultiFactor([new Claim("amr", "pwd"), new Claim("amr", "mfa")]));
        Assert.False(provider.ShowsMultiFactor([new Claim("amr", "pwd")]));
        Assert.False(provider.ShowsMultiFactor([new Claim("acr", "urn:loa:high")]));
        provider.MfaAcrValues = ["urn:loa:high"];
        provider.MfaAmrValues = ["hwk", "otp"];
        Assert.True(provider.ShowsMultiFactor([new Claim("acr", "urn:loa:high")]));
        Assert.True(provider.ShowsMultiFactor([new Claim("amr", "otp")]));
        Assert.False(provider.ShowsMultiFactor([new Claim("amr", "mfa")]));
    }

    [Fact]
    public void Openid_is_always_asked_for_and_the_default_scopes_add_profile_and_email()
    {
        Assert.Equal(["openid", "profile", "email"], Valid().EffectiveScopes);
        var provider = Valid();
        provider.Scopes = ["email", "openid", "groups"];
        Assert.Equal(["openid", "email", "groups"], provider.EffectiveScopes);
    }

    private sealed class StagingFactory(TestDatabase database, IDictionary<string, string?> settings) : AppFactory(database, settings)
    {
        protected override string EnvironmentName => "Staging";
    }
}
