using System.Net;
using Casus.Tests.Support;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Account;

public sealed class SigningInTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static DemoAccount Police => DemoRegion.Accounts.Single(a => a.Role == Roles.PartnerProfessional);

    [Theory]
    [InlineData(Roles.ProcessCoordinator)]
    [InlineData(Roles.CaseDirector)]
    [InlineData(Roles.PartnerProfessional)]
    [InlineData(Roles.OccasionalPartner)]
    [InlineData(Roles.RegionalCoordinator)]
    [InlineData(Roles.PrivacyOfficer)]
    [InlineData(Roles.Executive)]
    [InlineData(Roles.SystemAdmin)]
    public async Task Every_demo_role_signs_in_with_password_and_code_and_lands_on_its_start_page(string role)
    {
        using var client = await app.SignedInAsAsync(role);
        var html = await client.GetPageAsync("/");
        Assert.Contains($"data-role=\"{role}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correct_password_alone_does_not_open_a_session()
    {
        using var client = app.CreateCasusClient();
        var response = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = Police.Email, ["Password"] = DemoRegion.Password });
        await Expect.StatusAsync(response, HttpStatusCode.Redirect);
        var start = await client.GetAsync("/");
        await Expect.StatusAsync(start, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", start.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_account_and_wrong_password_get_the_same_answer()
    {
        using var client = app.CreateCasusClient();
        var unknown = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = "nobody@casus.demo", ["Password"] = "Whatever-password-1" });
        var wrong = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = DemoRegion.Accounts[6].Email, ["Password"] = "Whatever-password-1" });
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        var a = Strip(await unknown.Content.ReadAsStringAsync());
        var b = Strip(await wrong.Content.ReadAsStringAsync());
        Assert.Equal(a, b.Replace(DemoRegion.Accounts[6].Email, "nobody@casus.demo", StringComparison.Ordinal));
        Assert.Contains("Het e-mailadres of wachtwoord klopt niet", a, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_code_cannot_be_replayed()
    {
        var account = DemoRegion.Accounts.Single(a => a.Role == Roles.RegionalCoordinator);
        var code = ReplayProtectedTotpProvider.CurrentCode(account.TotpSecret, app.Time.GetUtcNow());
        using (var first = app.CreateCasusClient())
        {
            await first.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = account.Email, ["Password"] = DemoRegion.Password });
            var ok = await first.SubmitFormAsync("/account/twofactor", new Dictionary<string, string> { ["Code"] = code });
            await Expect.StatusAsync(ok, HttpStatusCode.Redirect);
        }
        using var second = app.CreateCasusClient();
        await second.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = account.Email, ["Password"] = DemoRegion.Password });
        var replay = await second.SubmitFormAsync("/account/twofactor", new Dictionary<string, string> { ["Code"] = code });
        await Expect.StatusAsync(replay, HttpStatusCode.OK);
        Assert.Contains("Deze code is niet geldig", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect.StatusAsync(await second.GetAsync("/"), HttpStatusCode.Redirect);
        app.Time.Advance(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        var account = DemoRegion.Accounts.Single(a => a.Role == Roles.Executive);
        using var client = app.CreateCasusClient();
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = account.Email, ["Password"] = "Wrong-password-" + i });
        }
        var right = await client.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Email"] = account.Email, ["Password"] = DemoRegion.Password });
        await Expect.StatusAsync(right, HttpStatusCode.OK);
        Assert.Contains("tijdelijk geblokkeerd", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var lockoutEnd = await app.WithDbAsync(db => db.Users.Where(u => u.Email == account.Email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockoutEnd);
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10), $"locked only until {lockoutEnd}");
    }

    [Fact]
    public async Task Each_sign_in_gets_a_new_session_cookie_and_sign_out_ends_it()
    {
        using var client = await app.SignedInAsAsync(Roles.CaseDirector);
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.OK);
        var signOut = await client.SignOutAsync();
        await Expect.StatusAsync(signOut, HttpStatusCode.Redirect);
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_session_ends_after_fifteen_idle_minutes()
    {
        using var client = await app.SignedInAsAsync(Roles.PrivacyOfficer);
        app.Time.Advance(TimeSpan.FromMinutes(14));
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromMinutes(16));
        var idle = await client.GetAsync("/");
        await Expect.StatusAsync(idle, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", idle.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_after_twelve_hours_however_active()
    {
        using var client = await app.SignedInAsAsync(Roles.OccasionalPartner);
        for (var i = 0; i < (12 * 6) - 1; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(10));
            var response = await client.GetAsync("/");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"session ended after {(i + 1) * 10} minutes");
        }
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await Expect.StatusAsync(await client.GetAsync("/"), HttpStatusCode.Redirect);
    }

    private static string Strip(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "name=\"__af\" type=\"hidden\" value=\"[^\"]+\"", "");
}
