using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Cases;

/// <summary>Adding partners to a case with purpose, legal basis and period; changing and ending a membership.</summary>
public sealed class CaseMembershipTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_coordinator_adds_an_occasional_partner_on_the_page_with_the_legal_basis_prefilled()
    {
        var opened = await app.OpenCaseAsync("Roos", "van Dijk");
        var mentalHealth = await app.UserIdAsync("mentalhealth@casus.demo");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);

        var chosen = await coordinator.GetPageAsync($"/cases/{opened.Id}/members/new?user={mentalHealth}");
        var framework = await app.WithDbAsync(db => db.Users.Where(u => u.Id == mentalHealth).Select(u => u.Organisation!.LegalFramework).SingleAsync());
        Assert.False(string.IsNullOrWhiteSpace(framework));
        Assert.Contains(WebUtility.HtmlEncode(framework), chosen, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"member-form\"", chosen, StringComparison.Ordinal);

        var version = (await coordinator.CaseAsync(opened.Id)).Version;
        var fields = new Dictionary<string, string>
        {
            ["Version"] = version.ToString(), ["user"] = mentalHealth.ToString(), ["Purpose"] = "Duiding psychisch beeld",
            ["LegalBasis"] = framework, ["From"] = app.Today().ToString("yyyy-MM-dd"),
        };
        // An occasional partner is never added open-ended.
        var open = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/members/new?user={mentalHealth}", fields, $"/cases/{opened.Id}/members/new");
        await Expect.StatusAsync(open, HttpStatusCode.OK);
        Assert.Contains("id=\"until-error\"", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        fields["Until"] = app.Today().AddDays(14).ToString("yyyy-MM-dd");
        var added = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/members/new?user={mentalHealth}", fields, $"/cases/{opened.Id}/members/new");
        await Expect.StatusAsync(added, HttpStatusCode.Redirect);
        var member = Assert.Single((await coordinator.CaseAsync(opened.Id)).Members);
        Assert.Equal((Roles.OccasionalPartner, "Duiding psychisch beeld", app.Today().AddDays(14), MembershipStatus.Active),
            (member.Role, member.Purpose, member.LastDay!.Value, member.Status));
        var page = await coordinator.GetPageAsync($"/cases/{opened.Id}");
        Assert.Contains("GGZ Rivierenland", page, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, int?, string> InvalidPeriods => new()
    {
        { "occasional without end", 0, null, "Until" },
        { "occasional beyond the profile maximum", 0, 91, "Until" },
        { "start in the past", -1, 10, "From" },
        { "end before start", 5, 2, "Until" },
    };

    [Theory]
    [MemberData(nameof(InvalidPeriods))]
    public async Task An_invalid_period_is_refused_at_its_field(string what, int fromDays, int? untilDays, string field)
    {
        var opened = await app.OpenCaseAsync("Vera", what.Replace(" ", "", StringComparison.Ordinal));
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var version = (await coordinator.CaseAsync(opened.Id)).Version;
        var today = app.Today();
        var input = new MemberInput(await app.UserIdAsync("mentalhealth@casus.demo"), "Doel", "Grondslag", today.AddDays(fromDays),
            untilDays is { } u ? today.AddDays(u) : null);
        var response = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/members", input, version);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await SignalBuilder.ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), what);
        Assert.Empty((await coordinator.CaseAsync(opened.Id)).Members);
    }

    [Fact]
    public async Task Only_professionals_who_can_hold_a_case_are_added_and_only_once()
    {
        var opened = await app.OpenCaseAsync("Gijs", "Smeets");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var version = (await coordinator.CaseAsync(opened.Id)).Version;
        var privacy = new MemberInput(await app.UserIdAsync("privacy@casus.demo"), "Meekijken", "Geen", app.Today(), null);
        var refused = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/members", privacy, version);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var noPurpose = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/members",
            new MemberInput(await app.UserIdAsync("police@casus.demo"), " ", "Wpg art. 20", app.Today(), null), version);
        Assert.True((await SignalBuilder.ProblemAsync(noPurpose)).GetProperty("errors").TryGetProperty("Purpose", out _));

        var police = await app.UserIdAsync("police@casus.demo");
        version = await coordinator.AddMemberAsync(opened.Id, police, app.Today(), null);
        var twice = await coordinator.PostWithVersionAsync($"/api/v1/cases/{opened.Id}/members", new MemberInput(police, "Doel", "Grondslag", app.Today(), null), version);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Single((await coordinator.CaseAsync(opened.Id)).Members);
    }

    [Fact]
    public async Task Ending_a_membership_now_ends_access_at_once_and_is_on_the_timeline()
    {
        var opened = await app.OpenCaseAsync("Lieke", "Willems");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        await coordinator.AddMemberAsync(opened.Id, await app.UserIdAsync("police@casus.demo"), app.Today(), null);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync($"/cases/{opened.Id}")).StatusCode);

        var detail = await coordinator.CaseAsync(opened.Id);
        var membership = Assert.Single(detail.Members);
        var confirm = await coordinator.GetPageAsync($"/cases/{opened.Id}/members/{membership.Id}");
        Assert.Contains("data-testid=\"end-warning\"", confirm, StringComparison.Ordinal);
        var noReason = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/members/{membership.Id}",
            new Dictionary<string, string> { ["Version"] = detail.Version.ToString(), ["Reason"] = "" }, $"/cases/{opened.Id}/members/{membership.Id}?handler=End");
        await Expect.StatusAsync(noReason, HttpStatusCode.OK);
        Assert.Contains("id=\"end-reason-error\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync($"/cases/{opened.Id}")).StatusCode);

        var ended = await coordinator.SubmitFormAsync($"/cases/{opened.Id}/members/{membership.Id}",
            new Dictionary<string, string> { ["Version"] = detail.Version.ToString(), ["Reason"] = "Inbreng politie afgerond." }, $"/cases/{opened.Id}/members/{membership.Id}?handler=End");
        await Expect.StatusAsync(ended, HttpStatusCode.Redirect);

        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync($"/cases/{opened.Id}")).StatusCode);
        Assert.DoesNotContain((await police.CasesAsync()).Items, c => c.Id == opened.Id);
        var after = await coordinator.CaseAsync(opened.Id);
        Assert.Equal(MembershipStatus.Ended, Assert.Single(after.Members).Status);
        var step = after.Timeline.Single(t => t.Kind == CaseEventKind.MemberEnded);
        Assert.Equal(("Politie eenheid Rivierenland", "Inbreng politie afgerond."), (step.MemberOrganisationName, step.Detail));
    }

    [Fact]
    public async Task A_membership_period_is_extended_within_the_profile_maximum()
    {
        var opened = await app.OpenCaseAsync("Mees", "Claassen");
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var version = await coordinator.AddMemberAsync(opened.Id, await app.UserIdAsync("mentalhealth@casus.demo"), app.Today(), app.Today().AddDays(14));
        var membership = Assert.Single((await coordinator.CaseAsync(opened.Id)).Members);

        var tooLong = await coordinator.PutWithVersionAsync($"/api/v1/cases/{opened.Id}/members/{membership.Id}",
            new PeriodInput(app.Today(), app.Today().AddDays(120), "Langer nodig."), version);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var extended = await coordinator.PutWithVersionAsync($"/api/v1/cases/{opened.Id}/members/{membership.Id}",
            new PeriodInput(app.Today(), app.Today().AddDays(28), "Nog twee overleggen."), version);
        await Expect.StatusAsync(extended, HttpStatusCode.OK);
        var detail = await coordinator.CaseAsync(opened.Id);
        Assert.Equal(app.Today().AddDays(28), Assert.Single(detail.Members).LastDay);
        Assert.Contains(detail.Timeline, t => t.Kind == CaseEventKind.MemberChanged && t.Until == app.Today().AddDays(28));
        Assert.Equal((await extended.Content.ReadFromJsonAsync<CaseChanged>(SignalBuilder.Json))!.Version, detail.Version);
    }
}
