using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Casus.Web.Platform.Security;

namespace Casus.Tests.Support;

/// <summary>An HTTP client that behaves like a browser on Casus's forms: antiforgery tokens, cookies, redirects by hand.</summary>
public sealed partial class CasusClient(HttpClient http, AppFactory app) : IDisposable
{
    public HttpClient Http => http;

    public async Task<string> GetPageAsync(string path)
    {
        var response = await http.GetAsync(path);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token on the page:\n" + html);

    /// <summary>GETs the page, then POSTs the form fields with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string path, IDictionary<string, string> fields, string? postPath = null)
    {
        var page = await GetPageAsync(path);
        var form = new Dictionary<string, string>(fields) { ["__af"] = AntiforgeryToken(page) };
        return await http.PostAsync(postPath ?? path, new FormUrlEncodedContent(form));
    }

    /// <summary>Password, then a TOTP code computed from the secret at the app's (fake) time. Moves the clock past the code's step.</summary>
    public async Task SignInAsync(string email, string password, string totpSecret)
    {
        var step1 = await SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
        await Expect.StatusAsync(step1, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/twofactor", step1.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var step2 = await SubmitTotpAsync(totpSecret);
        await Expect.StatusAsync(step2, HttpStatusCode.Redirect);
    }

    public async Task<HttpResponseMessage> SubmitTotpAsync(string totpSecret, string? code = null)
    {
        code ??= ReplayProtectedTotpProvider.CurrentCode(totpSecret, app.Time.GetUtcNow());
        var response = await SubmitFormAsync("/account/twofactor", new Dictionary<string, string> { ["Code"] = code });
        app.Time.Advance(TimeSpan.FromSeconds(30));
        return response;
    }

    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var page = await GetPageAsync("/");
        return await http.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = AntiforgeryToken(page) }));
    }

    /// <summary>
    /// Signs in with a passkey as the login page's script does: fetch the options, let the authenticator answer, post
    /// the credential JSON (changed by <paramref name="tamper"/> if given). Returns the final POST's response.
    /// </summary>
    public async Task<HttpResponseMessage> SignInWithPasskeyAsync(SoftwareAuthenticator authenticator, string? credentialId = null, Func<string, string>? tamper = null)
    {
        SetOrigin(authenticator);
        var options = await SubmitFormAsync("/account/login", new Dictionary<string, string>(), "/account/login?handler=PasskeyOptions");
        await Expect.StatusAsync(options, HttpStatusCode.OK);
        var credential = authenticator.Get(await options.Content.ReadAsStringAsync(), credentialId);
        return await SubmitFormAsync("/account/login", new Dictionary<string, string> { ["CredentialJson"] = tamper?.Invoke(credential) ?? credential },
            "/account/login?handler=Passkey");
    }

    /// <summary>Adds a passkey on the security page as its script does: options, the authenticator creates one, post it with its name.</summary>
    public async Task<HttpResponseMessage> AddPasskeyAsync(SoftwareAuthenticator authenticator, string name)
    {
        SetOrigin(authenticator);
        var fields = new Dictionary<string, string> { ["Name"] = name };
        var options = await SubmitFormAsync("/account/security", fields, "/account/security?handler=CreationOptions");
        await Expect.StatusAsync(options, HttpStatusCode.OK);
        fields["CredentialJson"] = authenticator.Create(await options.Content.ReadAsStringAsync());
        return await SubmitFormAsync("/account/security", fields, "/account/security?handler=Add");
    }

    /// <summary>A browser sends its origin with every POST; the passkey checks compare it with the credential's.</summary>
    public void SetOrigin(SoftwareAuthenticator authenticator)
    {
        http.DefaultRequestHeaders.Remove("Origin");
        http.DefaultRequestHeaders.Add("Origin", authenticator.Origin);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public Task<HttpResponseMessage> PostJsonAsync<T>(string path, T body) => http.PostAsJsonAsync(path, body);

    public async Task<HttpResponseMessage> PutJsonAsync<T>(string path, T body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
