using System.Text.RegularExpressions;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Casus.Web.Platform.Security;

/// <summary>
/// <c>Authentication:OpenIdConnect</c>: the identity providers of organisations whose staff sign in through their own
/// OpenID Connect provider (Entra ID, Keycloak, ADFS…). No providers, no change: only e-mail, password and code.
/// </summary>
public sealed class ExternalSignInOptions
{
    public const string Section = "Authentication:OpenIdConnect";

    public List<OpenIdConnectProvider> Providers { get; set; } = [];

    public OpenIdConnectProvider? FindByScheme(string? scheme) =>
        scheme is null ? null : Providers.FirstOrDefault(p => string.Equals(p.SchemeName, scheme, StringComparison.Ordinal));

    public OpenIdConnectProvider? FindByKey(string? key) =>
        key is null ? null : Providers.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.Ordinal));
}

/// <summary>One organisation's identity provider.</summary>
public sealed partial class OpenIdConnectProvider
{
    public static readonly string[] DefaultScopes = ["openid", "profile", "email"];
    public static readonly string[] DefaultMfaAmrValues = ["mfa"];

    /// <summary>Short, url-safe name: lower-case letters, digits and hyphens. Part of the callback path <c>/signin-oidc-{Key}</c>.</summary>
    public string Key { get; set; } = "";
    /// <summary>Shown on the sign-in button: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "";
    /// <summary>The issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0; its /.well-known/openid-configuration is read on first use.</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    /// <summary>Scopes to ask for; <c>openid</c> is always included. Default: openid profile email.</summary>
    public List<string>? Scopes { get; set; }
    /// <summary>The organisations this provider vouches for, by id or by exact name. Only their accounts can be linked by e-mail.</summary>
    public List<string> Organisations { get; set; } = [];
    /// <summary>Casus requires a second factor for every session: the id token must show one (amr or acr). Default true.</summary>
    public bool RequireMfaClaim { get; set; } = true;
    /// <summary><c>amr</c> values that count as multi-factor. Default: mfa.</summary>
    public List<string>? MfaAmrValues { get; set; }
    /// <summary><c>acr</c> values that count as multi-factor (e.g. a Keycloak level of assurance). Default: none.</summary>
    public List<string>? MfaAcrValues { get; set; }

    public string SchemeName => "oidc-" + Key;
    public string CallbackPath => "/signin-oidc-" + Key;

    public IReadOnlyList<string> EffectiveScopes =>
        ["openid", .. (Scopes is { Count: > 0 } ? Scopes : (IEnumerable<string>)DefaultScopes).Where(s => !string.IsNullOrWhiteSpace(s) && s != "openid").Distinct(StringComparer.Ordinal)];

    /// <summary>True when the organisation (by id or name) is one this provider serves.</summary>
    public bool Serves(Guid organisationId, string organisationName) =>
        Organisations.Any(o => Guid.TryParse(o, out var id)
            ? id == organisationId
            : string.Equals(o.Trim(), organisationName.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the id token's claims show a second factor: an accepted <c>amr</c> value or an accepted <c>acr</c>.</summary>
    public bool ShowsMultiFactor(IEnumerable<System.Security.Claims.Claim> claims)
    {
        var amr = MfaAmrValues is { Count: > 0 } ? MfaAmrValues : [.. DefaultMfaAmrValues];
        var acr = MfaAcrValues ?? [];
        return claims.Any(c =>
            (c.Type == "amr" && amr.Contains(c.Value, StringComparer.Ordinal)) ||
            (c.Type == "acr" && acr.Contains(c.Value, StringComparer.Ordinal)));
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    internal static partial Regex KeyPattern();
}

/// <summary>Start-up checks, so a wrong setting stops Casus with a message instead of failing at someone's sign-in.</summary>
public sealed class ExternalSignInOptionsValidator(IHostEnvironment environment) : IValidateOptions<ExternalSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, ExternalSignInOptions options) =>
        Errors(options, environment.IsDevelopment()) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;

    public static List<string> Errors(ExternalSignInOptions options, bool development)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Providers.Count; i++)
        {
            var p = options.Providers[i];
            var where = $"{ExternalSignInOptions.Section}:Providers:{i}";
            if (!OpenIdConnectProvider.KeyPattern().IsMatch(p.Key ?? ""))
            {
                errors.Add($"{where}:Key '{p.Key}' must be 1-40 lower-case letters, digits or hyphens (it is part of the callback path).");
            }
            else if (!seen.Add(p.Key!))
            {
                errors.Add($"{where}:Key '{p.Key}' is used by another provider; keys must be unique.");
            }
            if (string.IsNullOrWhiteSpace(p.DisplayName))
            {
                errors.Add($"{where}:DisplayName is missing (it is shown on the sign-in button).");
            }
            if (!Uri.TryCreate(p.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{where}:Authority '{p.Authority}' is not an absolute https URL.");
            }
            else if (authority.Scheme != Uri.UriSchemeHttps && !development)
            {
                errors.Add($"{where}:Authority '{p.Authority}' must use https outside Development.");
            }
            if (string.IsNullOrWhiteSpace(p.ClientId))
            {
                errors.Add($"{where}:ClientId is missing.");
            }
            if (p.Organisations.Count == 0 || p.Organisations.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{where}:Organisations must name at least one organisation (by id or name) whose accounts this provider may sign in.");
            }
        }
        return errors;
    }
}

public static class OpenIdConnectSetup
{
    /// <summary>The access log's action for refused external sign-ins.</summary>
    public const string DeniedAction = "account.external-sign-in";

    /// <summary>Registers one OpenID Connect scheme per configured provider; with none configured, nothing is added.</summary>
    public static WebApplicationBuilder AddCasusOpenIdConnect(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ExternalSignInOptions>().BindConfiguration(ExternalSignInOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExternalSignInOptions>, ExternalSignInOptionsValidator>();

        var options = builder.Configuration.GetSection(ExternalSignInOptions.Section).Get<ExternalSignInOptions>() ?? new ExternalSignInOptions();
        if (options.Providers.Count == 0)
        {
            return builder;
        }
        // The schemes are needed now, so check now rather than wait for ValidateOnStart.
        if (ExternalSignInOptionsValidator.Errors(options, builder.Environment.IsDevelopment()) is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(ExternalSignInOptions.Section, typeof(ExternalSignInOptions), errors);
        }

        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var secure = security.HttpsOnlyCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        var authentication = services.AddAuthentication();
        foreach (var provider in options.Providers)
        {
            authentication.AddOpenIdConnect(provider.SchemeName, provider.DisplayName, o => Configure(o, provider, secure));
        }
        return builder;
    }

    private static void Configure(OpenIdConnectOptions o, OpenIdConnectProvider provider, CookieSecurePolicy secure)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = provider.Authority;
        o.RequireHttpsMetadata = provider.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        o.ClientId = provider.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;

        // Authorization code flow with PKCE; the code comes back in the query string of a top-level GET, so the
        // correlation and nonce cookies can stay SameSite=Lax.
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.CallbackPath = provider.CallbackPath;
        o.SignedOutCallbackPath = "/signout-callback-oidc-" + provider.Key;
        o.RemoteSignOutPath = "/signout-oidc-" + provider.Key;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = secure;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = secure;

        // Casus keeps no tokens of the provider and reads the claims as the provider wrote them (sub, email, amr, acr).
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.DisableTelemetry = true;
        o.Scope.Clear();
        foreach (var scope in provider.EffectiveScopes)
        {
            o.Scope.Add(scope);
        }
        o.ClaimActions.MapUniqueJsonKey("email", "email");
        o.ClaimActions.Remove("acr"); // removed by default, but a level of assurance can be what shows the second factor
        o.TokenValidationParameters.NameClaimType = "name";

        // A failure at the provider or on the way back (an expired or tampered state, a refused code) ends on one page.
        o.Events.OnRemoteFailure = async context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenIdConnectSetup))
                .LogWarning(context.Failure, "Sign-in through identity provider {Provider} failed on the way back.", provider.Key);
            var log = context.HttpContext.RequestServices.GetRequiredService<IProcessingLogger>();
            await log.RecordDeniedAsync(DeniedAction, $"{provider.Key}: remote-failure");
            context.Response.Redirect("/account/external?handler=failed");
            context.HandleResponse();
        };
        o.Events.OnAccessDenied = async context =>
        {
            var log = context.HttpContext.RequestServices.GetRequiredService<IProcessingLogger>();
            await log.RecordDeniedAsync(DeniedAction, $"{provider.Key}: access-denied-at-provider");
            context.Response.Redirect("/account/external?handler=failed");
            context.HandleResponse();
        };
    }
}
