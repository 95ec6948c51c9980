using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Casus.Tests.Support;
using Casus.Web.Features.Admin;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Account;

/// <summary>
/// Passkeys through HTTP, with a software authenticator answering the WebAuthn options as a browser would: add one on
/// the account security page, sign in with it alone, manage them, and the passkeys-only organisation rule.
/// </summary>
public sealed partial class SigningInWithPasskeysTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static DemoAccount Account(string role) => DemoRegion.Accounts.Single(a => a.Role == role);

    [Fact]
    public async Task A_user_adds_a_passkey_and_then_signs_in_with_it_alone()
    {
        using var authenticator = new SoftwareAuthenticator();
        var police = Account(Roles.PartnerProfessional);
        using (var client = await app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            var before = await PasskeyLogCountAsync("passkey-add");
            var added = await client.AddPasskeyAsync(authenticator, "Laptop werk");
            await Expect.StatusAsync(added, HttpStatusCode.Redirect);
            var page = await client.GetPageAsync("/account/security");
            Assert.Contains("Laptop werk", page, StringComparison.Ordinal);
            Assert.Contains("De passkey is toegevoegd", page, StringComparison.Ordinal);
            Assert.Contains("Nog niet gebruikt om in te loggen", page, StringComparison.Ordinal);
            Assert.Equal(before + 1, await PasskeyLogCountAsync("passkey-add"));
        }

        using var browser = app.CreateCasusClient();
        var signedIn = await browser.SignInWithPasskeyAsync(authenticator);
        await Expect.StatusAsync(signedIn, HttpStatusCode.Redirect);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("data-role=\"partner-professional\"", await browser.GetPageAsync("/"), StringComparison.Ordinal);
        Assert.Contains("Laatst gebruikt om in te loggen op", await browser.GetPageAsync("/account/security"), StringComparison.Ordinal);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == police.Email));
        Assert.NotNull(user.LastSignInAt);
    }

    [Fact]
    public async Task Malformed_or_missing_credential_JSON_gives_a_clear_error_and_signs_no_one_in()
    {
        using var authenticator = new SoftwareAuthenticator();
        using (var owner = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            await Expect.StatusAsync(await owner.AddPasskeyAsync(authenticator, "Telefoon"), HttpStatusCode.Redirect);
        }
        using var client = app.CreateCasusClient();
        foreach (var tamper in new Func<string, string>[]
                 {
                     _ => "{not json",
                     _ => "",
                     _ => "{}",
                     json => json.Replace("\"signature\":\"", "\"signature\":\"AAAA", StringComparison.Ordinal),
                     json => json.Replace("\"type\":\"public-key\"", "\"type\":\"password\"", StringComparison.Ordinal),
                 })
        {
            var response = await client.SignInWithPasskeyAsync(authenticator, tamper: tamper);
            await Expect.StatusAsync(response, HttpStatusCode.OK);
            Assert.Contains("Inloggen met deze passkey is niet gelukt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);
        }

        // Without the options step there is no challenge to answer: the same message.
        var withoutOptions = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["CredentialJson"] = "{\"id\":\"x\"}" }, "/account/login?handler=Passkey");
        await Expect.StatusAsync(withoutOptions, HttpStatusCode.OK);
        Assert.Contains("Inloggen met deze passkey is niet gelukt", await withoutOptions.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);

        // The same passkey used from another site (a phishing page relaying the challenge) reports that site's origin.
        authenticator.Origin = "https://casus-login.example";
        var phished = await client.SignInWithPasskeyAsync(authenticator);
        await Expect.StatusAsync(phished, HttpStatusCode.OK);
        Assert.Contains("Inloggen met deze passkey is niet gelukt", await phished.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);
        authenticator.Origin = "https://localhost";

        // A good answer signs in once; replayed later (to a new challenge) it signs no one in.
        string? captured = null;
        var good = await client.SignInWithPasskeyAsync(authenticator, tamper: json => captured = json);
        await Expect.StatusAsync(good, HttpStatusCode.Redirect);
        using var attacker = app.CreateCasusClient();
        var replay = await attacker.SignInWithPasskeyAsync(authenticator, tamper: _ => captured!);
        await Expect.StatusAsync(replay, HttpStatusCode.OK);
        Assert.Contains("Inloggen met deze passkey is niet gelukt", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect.StatusAsync(await attacker.GetAsync("/"), HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_inactive_account_or_organisation_gets_the_same_answer_as_an_unknown_passkey()
    {
        using var known = new SoftwareAuthenticator();
        using (var owner = await app.SignedInAsAsync(Roles.RegionalCoordinator))
        {
            await Expect.StatusAsync(await owner.AddPasskeyAsync(known, "Sleutel"), HttpStatusCode.Redirect);
        }
        using var stranger = new SoftwareAuthenticator();
        stranger.Create("""{"rp":{"id":"localhost"},"user":{"id":"bm9ib2R5"},"challenge":"AAAA"}""");

        using var client = app.CreateCasusClient();
        var unknown = Strip(await (await client.SignInWithPasskeyAsync(stranger)).Content.ReadAsStringAsync());
        Assert.Contains("Inloggen met deze passkey is niet gelukt", unknown, StringComparison.Ordinal);

        var email = Account(Roles.RegionalCoordinator).Email;
        await SetUserActiveAsync(email, false);
        var inactiveUser = await client.SignInWithPasskeyAsync(known);
        await Expect.StatusAsync(inactiveUser, HttpStatusCode.OK);
        Assert.Equal(unknown, Strip(await inactiveUser.Content.ReadAsStringAsync()));
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);
        await SetUserActiveAsync(email, true);

        await SetOrganisationAsync("Regionaal bureau radicalisering Rivierenland", o => o.IsActive = false);
        try
        {
            var inactiveOrganisation = await client.SignInWithPasskeyAsync(known);
            await Expect.StatusAsync(inactiveOrganisation, HttpStatusCode.OK);
            Assert.Equal(unknown, Strip(await inactiveOrganisation.Content.ReadAsStringAsync()));
            await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);
        }
        finally
        {
            await SetOrganisationAsync("Regionaal bureau radicalisering Rivierenland", o => o.IsActive = true);
        }
        await Expect.StatusAsync(await client.SignInWithPasskeyAsync(known), HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_passkeys_only_member_is_refused_password_sign_in_but_signs_in_with_a_passkey()
    {
        var member = Account(Roles.OccasionalPartner);
        using var authenticator = new SoftwareAuthenticator();
        using (var client = await app.SignedInAsAsync(Roles.OccasionalPartner))
        {
            await Expect.StatusAsync(await client.AddPasskeyAsync(authenticator, "Telefoon"), HttpStatusCode.Redirect);
        }
        await SetOrganisationAsync(member.OrganisationName, o => o.RequirePasskeys = true);
        try
        {
            using var browser = app.CreateCasusClient();
            var password = await browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = member.Email, ["Password"] = DemoRegion.Password });
            await Expect.StatusAsync(password, HttpStatusCode.OK);
            Assert.Contains("Gebruik de knop ‘Inloggen met een passkey’", await TextAsync(password), StringComparison.Ordinal);

            // The code step stays closed, even to someone who knows the password and has the authenticator app.
            Assert.StartsWith("/account/login", (await browser.GetAsync("/account/twofactor")).Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
            var code = ReplayProtectedTotpProvider.CurrentCode(member.TotpSecret, app.Time.GetUtcNow());
            var codeStep = await browser.Http.PostAsync("/account/twofactor", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = code, ["__af"] = CasusClient.AntiforgeryToken(await browser.GetPageAsync("/account/login")),
            }));
            app.Time.Advance(TimeSpan.FromSeconds(30));
            await Expect.StatusAsync(codeStep, HttpStatusCode.Redirect);
            Assert.StartsWith("/account/login", codeStep.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
            await Expect.StatusAsync(await browser.GetAsync("/"), HttpStatusCode.Redirect);

            var passkey = await browser.SignInWithPasskeyAsync(authenticator);
            await Expect.StatusAsync(passkey, HttpStatusCode.Redirect);
            Assert.Contains("data-role=\"occasional-partner\"", await browser.GetPageAsync("/"), StringComparison.Ordinal);

            // The last passkey cannot go: it is the only way in. With a second one, one can.
            var page = await browser.GetPageAsync("/account/security");
            Assert.Contains("Houd altijd minstens één passkey", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
            var only = authenticator.LastCredentialId;
            var refused = await browser.SubmitFormAsync("/account/security", new Dictionary<string, string> { ["id"] = only, ["confirm"] = "true" }, "/account/security?handler=Remove");
            await Expect.StatusAsync(refused, HttpStatusCode.OK);
            Assert.Contains("Dit is uw laatste passkey", await TextAsync(refused), StringComparison.Ordinal);
            Assert.Equal(1, await PasskeyCountAsync(member.Email));

            await Expect.StatusAsync(await browser.AddPasskeyAsync(authenticator, "Laptop"), HttpStatusCode.Redirect);
            var removedBefore = await PasskeyLogCountAsync("passkey-remove");
            var question = await browser.SubmitFormAsync("/account/security", new Dictionary<string, string> { ["id"] = only }, "/account/security?handler=Remove");
            await Expect.StatusAsync(question, HttpStatusCode.OK);
            Assert.Contains("Weet u zeker dat u de passkey Telefoon wilt verwijderen?", await TextAsync(question), StringComparison.Ordinal);
            Assert.Equal(2, await PasskeyCountAsync(member.Email));
            var removed = await browser.SubmitFormAsync("/account/security", new Dictionary<string, string> { ["id"] = only, ["confirm"] = "true" }, "/account/security?handler=Remove");
            await Expect.StatusAsync(removed, HttpStatusCode.Redirect);
            Assert.Equal(1, await PasskeyCountAsync(member.Email));
            Assert.Equal(removedBefore + 1, await PasskeyLogCountAsync("passkey-remove"));
        }
        finally
        {
            await SetOrganisationAsync(member.OrganisationName, o => o.RequirePasskeys = false);
        }
    }

    [Fact]
    public async Task The_security_page_lists_only_the_signed_in_users_own_passkeys()
    {
        using var mine = new SoftwareAuthenticator();
        using var theirs = new SoftwareAuthenticator();
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        using var privacy = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        await Expect.StatusAsync(await director.AddPasskeyAsync(mine, "Regie-laptop"), HttpStatusCode.Redirect);
        await Expect.StatusAsync(await privacy.AddPasskeyAsync(theirs, "FG-telefoon"), HttpStatusCode.Redirect);

        var page = await director.GetPageAsync("/account/security");
        Assert.Contains("Regie-laptop", page, StringComparison.Ordinal);
        Assert.DoesNotContain("FG-telefoon", page, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.LastCredentialId, page, StringComparison.Ordinal);

        // Another user's passkey cannot be renamed or removed: it is not found.
        var rename = await director.SubmitFormAsync("/account/security", new Dictionary<string, string> { ["id"] = theirs.LastCredentialId, ["Name"] = "Van mij" }, "/account/security?handler=Rename");
        await Expect.StatusAsync(rename, HttpStatusCode.NotFound);
        var remove = await director.SubmitFormAsync("/account/security", new Dictionary<string, string> { ["id"] = theirs.LastCredentialId, ["confirm"] = "true" }, "/account/security?handler=Remove");
        await Expect.StatusAsync(remove, HttpStatusCode.NotFound);
        Assert.Equal(1, await PasskeyCountAsync(Account(Roles.PrivacyOfficer).Email));

        var nameless = await director.SubmitFormAsync("/account/security", new Dictionary<string, string> { ["id"] = mine.LastCredentialId, ["Name"] = " " }, "/account/security?handler=Rename");
        await Expect.StatusAsync(nameless, HttpStatusCode.OK);
        Assert.Contains("Geef de passkey een naam.", await nameless.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var renamed = await director.SubmitFormAsync("/account/security", new Dictionary<string, string> { ["id"] = mine.LastCredentialId, ["Name"] = "Regie-telefoon" }, "/account/security?handler=Rename");
        await Expect.StatusAsync(renamed, HttpStatusCode.Redirect);
        Assert.Contains("Regie-telefoon", await director.GetPageAsync("/account/security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passkey_session_ends_after_the_absolute_lifetime_however_active()
    {
        using var authenticator = new SoftwareAuthenticator();
        using (var owner = await app.SignedInAsAsync(Roles.Executive))
        {
            await Expect.StatusAsync(await owner.AddPasskeyAsync(authenticator, "Sleutel"), HttpStatusCode.Redirect);
        }
        using var client = app.CreateCasusClient();
        await Expect.StatusAsync(await client.SignInWithPasskeyAsync(authenticator), HttpStatusCode.Redirect);
        for (var i = 0; i < (12 * 6) - 1; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(10));
            Assert.True((await client.GetAsync("/")).StatusCode == HttpStatusCode.OK, $"session ended after {(i + 1) * 10} minutes");
        }
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_passkeys_only_member_activates_with_a_passkey_and_a_reset_gives_a_new_link()
    {
        const string organisation = "Woonstichting Brugwater";
        const string email = "wijkconsulent@brugwater.example";
        await SetOrganisationAsync(organisation, o => o.RequirePasskeys = true);
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var organisationId = await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).SingleAsync());
        var invite = await admin.PostJsonAsync("/api/v1/admin/users", new InviteUserInput(email, "Wijkconsulent Brugwater", organisationId, [Roles.PartnerProfessional]));
        await Expect.StatusAsync(invite, HttpStatusCode.Created);
        var invitation = (await invite.Content.ReadFromJsonAsync<Invitation>(Json))!;

        using var authenticator = new SoftwareAuthenticator();
        using var user = app.CreateCasusClient();
        var page = await user.GetPageAsync(invitation.ActivationPath);
        Assert.Contains("Uw organisatie vereist inloggen met een passkey", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Password\"", page, StringComparison.Ordinal);
        // A password cannot be set instead.
        var password = await user.SubmitFormAsync(invitation.ActivationPath, new Dictionary<string, string> { ["Password"] = "Fietsen langs de Lek in maart", ["ConfirmPassword"] = "Fietsen langs de Lek in maart" });
        await Expect.StatusAsync(password, HttpStatusCode.OK);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email && u.PasswordHash != null)));

        await ActivateWithPasskeyAsync(user, authenticator, invitation.ActivationPath);
        Assert.Contains("data-role=\"partner-professional\"", await user.GetPageAsync("/"), StringComparison.Ordinal);
        Assert.Contains("ongeldig, verlopen of al gebruikt", await app.CreateCasusClient().GetPageAsync(invitation.ActivationPath), StringComparison.Ordinal);

        // The administrator resets the second factor: the passkeys go, and the page shows a new activation link once.
        var id = await app.UserIdAsync(email);
        var question = await admin.SubmitFormAsync($"/admin/users/{id}", new Dictionary<string, string>(), $"/admin/users/{id}?handler=ResetSecondFactor");
        Assert.Contains("authenticator-app en passkeys", await TextAsync(question), StringComparison.Ordinal);
        var reset = await admin.SubmitFormAsync($"/admin/users/{id}", new Dictionary<string, string> { ["confirm"] = "true" }, $"/admin/users/{id}?handler=ResetSecondFactor");
        await Expect.StatusAsync(reset, HttpStatusCode.OK);
        var link = ActivationLink().Match(await reset.Content.ReadAsStringAsync());
        Assert.True(link.Success, "no activation link on the page after the reset");
        Assert.Equal(0, await PasskeyCountAsync(email));
        await Expect.StatusAsync(await user.GetAsync("/"), HttpStatusCode.Redirect);
        var old = await app.CreateCasusClient().SignInWithPasskeyAsync(authenticator);
        Assert.Contains("Inloggen met deze passkey is niet gelukt", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Through the API as well: the response holds the new link.
        var api = await admin.Http.PostAsync($"/api/v1/admin/users/{id}/reset-second-factor", null);
        await Expect.StatusAsync(api, HttpStatusCode.OK);
        var result = (await api.Content.ReadFromJsonAsync<SecondFactorReset>(Json))!;
        Assert.StartsWith("/account/activate?user=", result.ActivationPath, StringComparison.Ordinal);

        // The page's link was made before the API reset, so only the newest one works.
        using var again = app.CreateCasusClient();
        var stale = new Uri(System.Net.WebUtility.HtmlDecode(link.Groups[1].Value)).PathAndQuery;
        Assert.Contains("ongeldig, verlopen of al gebruikt", await again.GetPageAsync(stale), StringComparison.Ordinal);
        using var fresh = new SoftwareAuthenticator();
        await ActivateWithPasskeyAsync(again, fresh, result.ActivationPath!);
        await SetOrganisationAsync(organisation, o => o.RequirePasskeys = false);
    }

    [Fact]
    public async Task Resetting_an_ordinary_users_second_factor_removes_their_passkeys_without_a_new_link()
    {
        using var authenticator = new SoftwareAuthenticator();
        var email = Account(Roles.PartnerProfessional).Email;
        using (var owner = await app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            await Expect.StatusAsync(await owner.AddPasskeyAsync(authenticator, "Extra"), HttpStatusCode.Redirect);
        }
        Assert.True(await PasskeyCountAsync(email) > 0);
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var api = await admin.Http.PostAsync($"/api/v1/admin/users/{await app.UserIdAsync(email)}/reset-second-factor", null);
        await Expect.StatusAsync(api, HttpStatusCode.OK);
        Assert.Null((await api.Content.ReadFromJsonAsync<SecondFactorReset>(Json))!.ActivationPath);
        Assert.Equal(0, await PasskeyCountAsync(email));
    }

    private async Task ActivateWithPasskeyAsync(CasusClient user, SoftwareAuthenticator authenticator, string activationPath)
    {
        user.SetOrigin(authenticator);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("https://localhost" + activationPath).Query);
        var fields = new Dictionary<string, string> { ["user"] = query["user"]!, ["token"] = query["token"]!, ["Name"] = "Werktelefoon" };
        var options = await user.SubmitFormAsync(activationPath, fields, "/account/activate?handler=PasskeyOptions");
        await Expect.StatusAsync(options, HttpStatusCode.OK);
        fields["CredentialJson"] = authenticator.Create(await options.Content.ReadAsStringAsync());
        var activated = await user.SubmitFormAsync(activationPath, fields, "/account/activate?handler=Passkey");
        await Expect.StatusAsync(activated, HttpStatusCode.Redirect);
        Assert.Contains("Log in met de knop ‘Inloggen met een passkey’", WebUtility.HtmlDecode(await user.GetPageAsync("/account/login")), StringComparison.Ordinal);
        await Expect.StatusAsync(await user.SignInWithPasskeyAsync(authenticator), HttpStatusCode.Redirect);
    }

    private Task<int> PasskeyCountAsync(string email) =>
        app.WithDbAsync(db => db.UserPasskeys.CountAsync(p => db.Users.Any(u => u.Id == p.UserId && u.Email == email)));

    private Task<int> PasskeyLogCountAsync(string action) =>
        app.WithDbAsync(db => db.ProcessingLog.CountAsync(r => r.Name == action && r.ProcessingActivityId == ProcessingActivities.Authentication.Id));

    private Task SetUserActiveAsync(string email, bool active) => app.WithDbAsync(async db =>
    {
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.IsActive = active;
        return await db.SaveChangesAsync();
    });

    private Task SetOrganisationAsync(string name, Action<Casus.Web.Platform.Data.Organisation> change) => app.WithDbAsync(async db =>
    {
        change(await db.Organisations.SingleAsync(o => o.Name == name));
        return await db.SaveChangesAsync();
    });

    /// <summary>The page's text with HTML entities decoded (Razor encodes typographic quotes and accented letters).</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static string Strip(string html) =>
        Regex.Replace(html, "name=\"__af\" type=\"hidden\" value=\"[^\"]+\"", "");

    [GeneratedRegex("data-testid=\"activation-link\">([^<]+)<")]
    private static partial Regex ActivationLink();
}
