using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Support;

/// <summary>
/// Casus with one OpenID Connect provider configured ("lindendal", serving the municipalities Lindendal, Brugwater
/// and Oosterveld of the demo region) whose back channel is answered by a <see cref="FakeOpenIdProvider"/>, and one
/// ("unreachable") whose metadata cannot be read.
/// </summary>
public sealed class ExternalSignInAppFactory : AppFactory
{
    public const string ProviderKey = "lindendal";
    public const string ProviderName = "Gemeente Lindendal ID";
    public const string Authority = "https://idp.lindendal.test";
    public const string AcceptedAcr = "urn:lindendal:loa:substantial";

    public FakeOpenIdProvider Provider { get; } = new(Authority);

    public ExternalSignInAppFactory() : base(TestDatabase.Create(), new Dictionary<string, string?>
    {
        ["Authentication:OpenIdConnect:Providers:0:Key"] = ProviderKey,
        ["Authentication:OpenIdConnect:Providers:0:DisplayName"] = ProviderName,
        ["Authentication:OpenIdConnect:Providers:0:Authority"] = Authority,
        ["Authentication:OpenIdConnect:Providers:0:ClientId"] = FakeOpenIdProvider.ClientId,
        ["Authentication:OpenIdConnect:Providers:0:ClientSecret"] = FakeOpenIdProvider.ClientSecret,
        ["Authentication:OpenIdConnect:Providers:0:Organisations:0"] = "Gemeente Lindendal",
        ["Authentication:OpenIdConnect:Providers:0:Organisations:1"] = "Gemeente Brugwater",
        ["Authentication:OpenIdConnect:Providers:0:Organisations:2"] = "Gemeente Oosterveld",
        ["Authentication:OpenIdConnect:Providers:0:MfaAcrValues:0"] = AcceptedAcr,
        // A provider that cannot be reached: its metadata address answers 404.
        ["Authentication:OpenIdConnect:Providers:1:Key"] = "unreachable",
        ["Authentication:OpenIdConnect:Providers:1:DisplayName"] = "Brugwater Login",
        ["Authentication:OpenIdConnect:Providers:1:Authority"] = "https://idp.unreachable.test",
        ["Authentication:OpenIdConnect:Providers:1:ClientId"] = FakeOpenIdProvider.ClientId,
        ["Authentication:OpenIdConnect:Providers:1:Organisations:0"] = "Gemeente Brugwater",
    })
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Configure (not PostConfigure): the handler's own post-configuration builds the back-channel HttpClient and
        // the metadata retriever from BackchannelHttpHandler, so the fake must be in place before it runs.
        builder.ConfigureTestServices(services =>
            services.ConfigureAll<OpenIdConnectOptions>(o => o.BackchannelHttpHandler = Provider));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Provider.Dispose();
        }
    }
}
