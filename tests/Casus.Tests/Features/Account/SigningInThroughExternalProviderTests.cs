using System.Net;
using System.Text.RegularExpressions;
using Casus.Tests.Support;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Casus.Tests.Support.FakeOpenIdProvider;

namespace Casus.Tests.Features.Account;

/// <summary>
/// Sign-in through an organisation's own OpenID Connect provider, end to end over HTTP: the app's challenge, the
/// provider's authorize step (played by the fake), the callback, the code redeemed on the back channel, the account
/// found and the session started — or refused.
/// </summary>
public sealed partial class SigningInThroughExternalProviderTests(ExternalSignInAppFactory app) : IClassFixture<ExternalSignInAppFactory>
{
    private const string Scheme = "oidc-" + ExternalSignInAppFactory.ProviderKey;
    private const string GenericRefusal = "Inloggen met Gemeente Lindendal ID is niet gelukt";

    [Fact]
    public async Task The_login_page_offers_a_button_per_provider_that_posts_with_an_antiforgery_token()
    {
        using var client = app.CreateCasusClient();
        var html = await client.GetPageAsync("/account/login");
        Assert.Contains("Inloggen met Gemeente Lindendal ID", html, StringComparison.Ordinal);
        Assert.Matches("<form method=\"post\" class=\"casus-form\" action=\"/account/external\">\\s*<input type=\"hidden\" name=\"Provider\" value=\"lindendal\"[^§]*?name=\"__af\"[^§]*?</form>", html);

        var withoutToken = await client.Http.PostAsync("/account/external", new FormUrlEncodedContent(new Dictionary<string, string> { ["Provider"] = "lindendal" }));
        await Expect.StatusAsync(withoutToken, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unreachable_provider_gets_a_message_instead_of_an_error()
    {
        using var client = app.CreateCasusClient();
        var response = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Provider"] = "unreachable" }, postPath: "/account/external");
        await ExpectRefusalAsync(client, response, "Brugwater Login is op dit moment niet bereikbaar.");
    }

    [Fact]
    public async Task An_unknown_provider_key_goes_back_to_the_login_page()
    {
        using var client = app.CreateCasusClient();
        var response = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Provider"] = "elsewhere" }, postPath: "/account/external");
        await Expect.StatusAsync(response, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_user_of_a_served_organisation_signs_in_and_lands_on_the_start_page()
    {
        using var client = app.CreateCasusClient();
        var director = await app.UserIdAsync("director@casus.demo");

        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-director", "director@casus.demo"));

        await Expect.StatusAsync(final, HttpStatusCode.Redirect);
        Assert.Equal("/", final.Headers.Location!.OriginalString);
        var start = await client.GetPageAsync("/");
        Assert.Contains($"data-role=\"{Roles.CaseDirector}\"", start, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.UserId == director && a.Action == "sign-in" && a.Decision == "allowed")),
            "the sign-in is in the access log");
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.Action == "link-external-login" && a.Decision == "allowed")));
        var logins = await app.WithDbAsync(db => db.UserLogins.Where(l => l.UserId == director).Select(l => new { l.LoginProvider, l.ProviderKey }).ToListAsync());
        Assert.Equal([new { LoginProvider = Scheme, ProviderKey = "sub-director" }], logins);
        // The external cookie is cleared once the session has started.
        Assert.Contains(final.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-casus-external=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_second_sign_in_uses_the_linked_login_even_after_the_email_claim_changes()
    {
        using (var first = app.CreateCasusClient())
        {
            await Expect.StatusAsync(await SignInThroughProviderAsync(first, Person.WithMfa("sub-privacy", "privacy@casus.demo")), HttpStatusCode.Redirect);
        }

        using var second = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(second, Person.WithMfa("sub-privacy", "p.renamed@lindendal.example"));
        await Expect.StatusAsync(final, HttpStatusCode.Redirect);
        Assert.Contains($"data-role=\"{Roles.PrivacyOfficer}\"", await second.GetPageAsync("/"), StringComparison.Ordinal);

        // Someone else at the provider who now carries that e-mail address does not get the linked account.
        using var other = app.CreateCasusClient();
        var refused = await SignInThroughProviderAsync(other, Person.WithMfa("sub-someone-else", "privacy@casus.demo"));
        await ExpectRefusalAsync(other, refused, GenericRefusal);
    }

    [Fact]
    public async Task An_email_of_an_organisation_the_provider_does_not_serve_is_refused()
    {
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-police", "police@casus.demo"));

        await ExpectRefusalAsync(client, final, GenericRefusal);
        var police = await app.UserIdAsync("police@casus.demo");
        Assert.False(await app.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.UserId == police)));
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a =>
            a.Action == OpenIdConnectSetup.DeniedAction && a.Decision == "denied" && a.Reason == "lindendal: organisation-not-served")));
    }

    [Fact]
    public async Task A_token_without_the_mfa_claim_is_refused()
    {
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, new Person("sub-mayor", "mayor@casus.demo", ["pwd"]));

        await ExpectRefusalAsync(client, final, "Casus vereist bij elke aanmelding een tweede factor, maar Gemeente Lindendal ID heeft die niet bevestigd.");
        var mayor = await app.UserIdAsync("mayor@casus.demo");
        Assert.False(await app.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.UserId == mayor)));
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.Reason == "lindendal: no-mfa-claim")));
    }

    [Fact]
    public async Task An_accepted_acr_value_counts_as_a_second_factor()
    {
        await CreateAccountAsync("acr.user@lindendal.example", "Gemeente Lindendal");
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, new Person("sub-acr", "acr.user@lindendal.example", ["pwd"], ExternalSignInAppFactory.AcceptedAcr));
        await Expect.StatusAsync(final, HttpStatusCode.Redirect);
        Assert.Equal("/", final.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_email_is_refused_with_the_generic_message_and_no_account_is_created()
    {
        var accounts = await app.WithDbAsync(db => db.Users.CountAsync());
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-unknown", "new.colleague@lindendal.example"));

        var message = await ExpectRefusalAsync(client, final, GenericRefusal);
        Assert.Equal(accounts, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.ProviderKey == "sub-unknown")));

        // The same words as for an account outside the provider's organisations: nothing tells them apart.
        using var other = app.CreateCasusClient();
        var notServed = await SignInThroughProviderAsync(other, Person.WithMfa("sub-mentalhealth", "mentalhealth@casus.demo"));
        Assert.Equal(message, await ExpectRefusalAsync(other, notServed, GenericRefusal));
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_with_the_generic_message()
    {
        await CreateAccountAsync("former@lindendal.example", "Gemeente Lindendal", active: false);
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-former", "former@lindendal.example"));

        await ExpectRefusalAsync(client, final, GenericRefusal);
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.Reason == "lindendal: account-inactive")));
    }

    [Fact]
    public async Task A_linked_account_deactivated_later_is_refused()
    {
        var id = await CreateAccountAsync("leaver@lindendal.example", "Gemeente Lindendal");
        using (var first = app.CreateCasusClient())
        {
            await Expect.StatusAsync(await SignInThroughProviderAsync(first, Person.WithMfa("sub-leaver", "leaver@lindendal.example")), HttpStatusCode.Redirect);
        }
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-leaver", "leaver@lindendal.example"));
        await ExpectRefusalAsync(client, final, GenericRefusal);
    }

    [Fact]
    public async Task An_account_of_an_inactive_organisation_is_refused()
    {
        await CreateAccountAsync("staff@oosterveld.example", "Gemeente Oosterveld");
        await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == "Gemeente Oosterveld").ExecuteUpdateAsync(o => o.SetProperty(x => x.IsActive, false)));
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-oosterveld", "staff@oosterveld.example"));

        await ExpectRefusalAsync(client, final, GenericRefusal);
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.Reason == "lindendal: organisation-inactive")));
    }

    [Fact]
    public async Task An_account_of_a_passkeys_only_organisation_is_sent_to_its_passkey()
    {
        await CreateAccountAsync("staff@brugwater.example", "Gemeente Brugwater");
        await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == "Gemeente Brugwater").ExecuteUpdateAsync(o => o.SetProperty(x => x.RequirePasskeys, true)));
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-brugwater", "staff@brugwater.example"));

        await ExpectRefusalAsync(client, final, "Uw organisatie vereist inloggen met een passkey.");
        Assert.False(await app.WithDbAsync(db => db.UserLogins.AnyAsync(l => l.ProviderKey == "sub-brugwater")));
    }

    [Fact]
    public async Task A_tampered_state_is_refused_before_any_code_is_redeemed()
    {
        var redeemed = app.Provider.Redeemed;
        using var client = app.CreateCasusClient();
        var final = await SignInThroughProviderAsync(client, Person.WithMfa("sub-director-2", "director@casus.demo"), tamper: callback =>
        {
            var query = QueryHelpers.ParseQuery(callback.Query);
            var state = query["state"].ToString();
            var flipped = state[..^2] + (state[^2] == 'A' ? 'B' : 'A') + state[^1];
            return new Uri(QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), new Dictionary<string, string?> { ["code"] = query["code"], ["state"] = flipped }));
        });

        await ExpectRefusalAsync(client, final, "Het inloggen via uw organisatie is onderbroken of duurde te lang.");
        Assert.Equal(redeemed, app.Provider.Redeemed);
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.Reason == "lindendal: remote-failure")));
    }

    [Fact]
    public async Task Only_a_local_return_url_is_followed()
    {
        await CreateAccountAsync("returner@lindendal.example", "Gemeente Lindendal");
        using (var local = app.CreateCasusClient())
        {
            var final = await SignInThroughProviderAsync(local, Person.WithMfa("sub-returner", "returner@lindendal.example"), returnUrl: "/index");
            Assert.Equal("/index", final.Headers.Location!.OriginalString);
        }
        using var remote = app.CreateCasusClient();
        var elsewhere = await SignInThroughProviderAsync(remote, Person.WithMfa("sub-returner", "returner@lindendal.example"), returnUrl: "https://evil.example/");
        Assert.Equal("/", elsewhere.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_external_session_still_ends_after_twelve_hours_however_active()
    {
        await CreateAccountAsync("longday@lindendal.example", "Gemeente Lindendal");
        using var client = app.CreateCasusClient();
        await Expect.StatusAsync(await SignInThroughProviderAsync(client, Person.WithMfa("sub-longday", "longday@lindendal.example")), HttpStatusCode.Redirect);
        var started = app.Time.GetUtcNow();
        while (app.Time.GetUtcNow() - started < TimeSpan.FromHours(12) - TimeSpan.FromMinutes(10))
        {
            app.Time.Advance(TimeSpan.FromMinutes(10));
            await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.OK);
        }
        app.Time.Advance(TimeSpan.FromMinutes(11));
        var ended = await client.GetAsync("/");
        await Expect.StatusAsync(ended, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", ended.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    /// <summary>
    /// Login page → POST to the challenge → the provider's authorize step → the callback with code and state (the app
    /// redeems the code on the back channel) → the app's own callback page. Returns that page's response.
    /// </summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(CasusClient client, Person person, string? returnUrl = null, Func<Uri, Uri>? tamper = null)
    {
        var fields = new Dictionary<string, string> { ["Provider"] = ExternalSignInAppFactory.ProviderKey };
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }
        var challenge = await client.SubmitFormAsync("/account/login", fields, postPath: "/account/external");
        await Expect.StatusAsync(challenge, HttpStatusCode.Redirect);
        var authorize = challenge.Headers.Location!;
        Assert.True(authorize.IsAbsoluteUri && authorize.AbsoluteUri.StartsWith(ExternalSignInAppFactory.Authority + "/authorize?", StringComparison.Ordinal), authorize.ToString());
        Assert.Equal($"https://localhost/signin-oidc-{ExternalSignInAppFactory.ProviderKey}", QueryHelpers.ParseQuery(authorize.Query)["redirect_uri"].ToString());

        var back = app.Provider.Authorize(authorize, person);
        if (tamper is not null)
        {
            back = tamper(back);
        }
        var callback = await client.Http.GetAsync(back.PathAndQuery);
        await Expect.StatusAsync(callback, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/external", callback.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        return await client.Http.GetAsync(callback.Headers.Location);
    }

    /// <summary>The refusal page with the expected words, and no session. Returns the message shown.</summary>
    private static async Task<string> ExpectRefusalAsync(CasusClient client, HttpResponseMessage response, string expected)
    {
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var message = AlertPattern().Match(html);
        Assert.True(message.Success, "no error message on the page:\n" + html);
        Assert.Contains(expected, WebUtility.HtmlDecode(message.Groups[1].Value), StringComparison.Ordinal);
        var start = await client.GetAsync("/");
        await Expect.StatusAsync(start, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", start.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        return message.Groups[1].Value;
    }

    private async Task<Guid> CreateAccountAsync(string email, string organisation, bool active = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CasusUser>>();
        var user = new CasusUser
        {
            UserName = email,
            Email = email,
            DisplayName = "Test " + email,
            OrganisationId = await db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).SingleAsync(),
            IsActive = active,
            CreatedAt = app.Time.GetUtcNow(),
        };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.CaseDirector)).Succeeded);
        return user.Id;
    }

    [GeneratedRegex("data-testid=\"external-error\"><p class=\"utrecht-paragraph\">([^<]*)</p>")]
    private static partial Regex AlertPattern();
}
