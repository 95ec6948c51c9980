using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Casus.Tests.Support;
using Casus.Web.Features.Admin;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Admin;

public sealed partial class AdministeringAccountsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<Guid> OrganisationIdAsync(string name) =>
        await app.WithDbAsync(db => db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    [Fact]
    public async Task An_invited_professional_activates_chooses_a_password_and_enrols_an_authenticator()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var invite = await admin.PostJsonAsync("/api/v1/admin/users", new InviteUserInput(
            "jeugdwerker@lindendal.example", "Jeugdwerker Lindendal", await OrganisationIdAsync("Jeugdzorg Rivierenland"), [Roles.PartnerProfessional]));
        await Expect.StatusAsync(invite, HttpStatusCode.Created);
        var invitation = (await invite.Content.ReadFromJsonAsync<Invitation>(Json))!;
        Assert.DoesNotContain("jeugdwerker", invitation.ActivationPath, StringComparison.OrdinalIgnoreCase);

        using var user = app.CreateCasusClient();
        var common = await user.SubmitFormAsync(invitation.ActivationPath, new Dictionary<string, string> { ["Password"] = "welkom123456", ["ConfirmPassword"] = "welkom123456" });
        Assert.Contains("Dit wachtwoord wordt te vaak gebruikt", await common.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var shortOne = await user.SubmitFormAsync(invitation.ActivationPath, new Dictionary<string, string> { ["Password"] = "Kort-1", ["ConfirmPassword"] = "Kort-1" });
        Assert.Contains("minimaal 12 tekens", await shortOne.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        const string password = "Fietsen langs de Lek in maart";
        var activated = await user.SubmitFormAsync(invitation.ActivationPath, new Dictionary<string, string> { ["Password"] = password, ["ConfirmPassword"] = password });
        await Expect.StatusAsync(activated, HttpStatusCode.Redirect);

        var login = await user.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = "jeugdwerker@lindendal.example", ["Password"] = password });
        await Expect.StatusAsync(login, HttpStatusCode.Redirect);
        var enrolPage = await user.GetPageAsync("/account/twofactor");
        Assert.Contains("data:image/png;base64,", enrolPage, StringComparison.Ordinal);
        var key = SharedKey().Match(enrolPage).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var enrolled = await user.SubmitTotpAsync(key);
        await Expect.StatusAsync(enrolled, HttpStatusCode.Redirect);
        Assert.EndsWith("/account/recoverycodes", enrolled.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var codes = await user.GetPageAsync("/account/recoverycodes");
        Assert.Equal(10, RecoveryCode().Count(codes));
        Assert.Contains("data-role=\"partner-professional\"", await user.GetPageAsync("/"), StringComparison.Ordinal);

        var again = app.CreateCasusClient();
        var reuse = await again.SubmitFormAsync(invitation.ActivationPath, new Dictionary<string, string> { ["Password"] = password + "!", ["ConfirmPassword"] = password + "!" });
        Assert.Contains("ongeldig, verlopen of al gebruikt", await reuse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivating_an_account_ends_its_open_session_at_once()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        using var director = await app.SignedInAsAsync(Roles.CaseDirector);
        await Expect.StatusAsync(await director.GetAsync("/"), HttpStatusCode.OK);
        var id = await app.UserIdAsync("director@casus.demo");
        await Expect.StatusAsync(await admin.Http.PostAsync($"/api/v1/admin/users/{id}/deactivate", null), HttpStatusCode.OK);
        var after = await director.GetAsync("/");
        await Expect.StatusAsync(after, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        await Expect.StatusAsync(await admin.Http.PostAsync($"/api/v1/admin/users/{id}/reactivate", null), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_with_a_stable_code_and_changes_nothing()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var before = await app.WithDbAsync(db => db.Organisations.CountAsync());
        var response = await admin.PostJsonAsync("/api/v1/admin/organisations", new { name = "", type = "Police", legalFramework = "" });
        await Expect.StatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("Name", out _));
        Assert.Equal(before, await app.WithDbAsync(db => db.Organisations.CountAsync()));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_412_and_a_missing_If_Match_with_428()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var id = await app.WithDbAsync(db => db.Municipalities.Where(m => m.Name == "Brugwater").Select(m => m.Id).SingleAsync());
        var read = await admin.GetAsync($"/api/v1/admin/municipalities/{id}");
        var etag = read.Headers.ETag!.Tag;
        var body = new MunicipalityInput(null, "Brugwater", "GM9998");

        await Expect.StatusAsync(await admin.PutJsonAsync($"/api/v1/admin/municipalities/{id}", body, null), (HttpStatusCode)428);
        var first = await admin.PutJsonAsync($"/api/v1/admin/municipalities/{id}", body, etag);
        await Expect.StatusAsync(first, HttpStatusCode.OK);
        var second = await admin.PutJsonAsync($"/api/v1/admin/municipalities/{id}", body with { Code = "GM9999" }, etag);
        await Expect.StatusAsync(second, HttpStatusCode.PreconditionFailed);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("changed_by_someone_else", problem.GetProperty("code").GetString());
        Assert.Equal("GM9998", await app.WithDbAsync(db => db.Municipalities.Where(m => m.Id == id).Select(m => m.Code).SingleAsync()));
    }

    [Fact]
    public async Task A_reset_second_factor_makes_the_user_enrol_again()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var id = await app.UserIdAsync("regional@casus.demo");
        await Expect.StatusAsync(await admin.Http.PostAsync($"/api/v1/admin/users/{id}/reset-second-factor", null), HttpStatusCode.OK);
        using var user = app.CreateCasusClient();
        await user.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = "regional@casus.demo", ["Password"] = Casus.Web.Features.Demo.DemoRegion.Password });
        var page = await user.GetPageAsync("/account/twofactor");
        Assert.Matches(SharedKey(), page);
        var oldSecret = Casus.Web.Features.Demo.DemoRegion.Accounts.Single(a => a.Email == "regional@casus.demo").TotpSecret;
        var withOld = await user.SubmitTotpAsync(oldSecret);
        await Expect.StatusAsync(withOld, HttpStatusCode.OK);
    }

    [GeneratedRegex("data-testid=\"shared-key\">([A-Z2-7 ]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li><code>[a-zA-Z0-9-]+</code></li>")]
    private static partial Regex RecoveryCode();

    [Fact]
    public async Task Accounts_are_searched_by_name_in_the_body_and_a_name_in_the_address_is_refused()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var refused = await admin.GetAsync("/api/v1/admin/users?search=Procesregisseur");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("search_in_body", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var found = await admin.PostJsonAsync("/api/v1/admin/users/search", new Casus.Web.Features.Admin.UserSearch("Procesregisseur"));
        await Expect.StatusAsync(found, System.Net.HttpStatusCode.OK);
        Assert.Contains("coordinator@casus.demo", await found.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("police@casus.demo", await found.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
