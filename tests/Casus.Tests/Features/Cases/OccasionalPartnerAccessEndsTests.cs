using System.Net;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Security;

namespace Casus.Tests.Features.Cases;

/// <summary>
/// An occasional partner added for two weeks loses access when the period ends, without anyone having to remember it.
/// A class of its own: it moves the clock of its app by weeks.
/// </summary>
public sealed class OccasionalPartnerAccessEndsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task An_occasional_partner_added_for_two_weeks_loses_access_after_the_period()
    {
        var opened = await app.OpenCaseAsync("Ahmed", "Yilmaz");
        using (var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            await coordinator.AddMemberAsync(opened.Id, await app.UserIdAsync("mentalhealth@casus.demo"), app.Today(), app.Today().AddDays(14));
        }

        using (var partner = await app.SignedInAsAsync(Roles.OccasionalPartner))
        {
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/cases/{opened.Id}")).StatusCode);
            Assert.Contains((await partner.CasesAsync()).Items, c => c.Id == opened.Id);
            Assert.Equal(1, (await partner.CaseCountsAsync())[CaseStage.Intake]);
        }

        // Still in on the last day of the period.
        app.Time.Advance(TimeSpan.FromDays(13));
        using (var partner = await app.SignedInAsAsync(Roles.OccasionalPartner))
        {
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/api/v1/cases/{opened.Id}")).StatusCode);
        }

        app.Time.Advance(TimeSpan.FromDays(2));
        using (var partner = await app.SignedInAsAsync(Roles.OccasionalPartner))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/cases/{opened.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/api/v1/cases/{opened.Id}")).StatusCode);
            var list = await partner.CasesAsync();
            Assert.Empty(list.Items);
            Assert.Equal(0, list.Total);
            Assert.Equal(0, (await partner.CaseCountsAsync()).Values.Sum());
            Assert.Contains("data-testid=\"empty-state\"", await partner.GetPageAsync("/cases"), StringComparison.Ordinal);
        }

        // The membership stays on record, ended, for those who run the case.
        using var again = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        Assert.Equal(MembershipStatus.Ended, (await again.CaseAsync(opened.Id)).Members.Single().Status);
    }
}
