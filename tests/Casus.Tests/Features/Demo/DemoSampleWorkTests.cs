using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Demo;

/// <summary>Someone trying the demo finds work waiting, made through Casus's own use cases as the demo accounts.</summary>
public sealed class DemoSampleWorkTests(DemoSampleWorkTests.WithSampleCases app) : IClassFixture<DemoSampleWorkTests.WithSampleCases>
{
    public sealed class WithSampleCases() : AppFactory(TestDatabase.Create(), new Dictionary<string, string?> { ["Demo:SampleCases"] = "true" });

    [Fact]
    public async Task The_demo_starts_with_signals_to_weigh_and_link_and_a_case_that_came_through_weighing()
    {
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var signals = await app.WithDbAsync(db => db.Set<Signal>().AsNoTracking().ToListAsync());
        Assert.Equal(4, signals.Count);
        Assert.Equal(3, signals.Count(s => s.Status == SignalStatus.New));
        var inCase = Assert.Single(signals, s => s.Status == SignalStatus.LinkedToCase);

        // The two jihadism signals in Lindendal are proposed to the coordinator as one person.
        var youssef = signals.Single(s => s.ReporterOrganisationId != inCase.ReporterOrganisationId);
        var linkage = await coordinator.GetAsync($"/api/v1/signals/{youssef.Id}/linkage");
        await Expect.StatusAsync(linkage, HttpStatusCode.OK);
        var view = (await linkage.Content.ReadFromJsonAsync<LinkageView>(SignalBuilder.Json))!;
        Assert.Contains(view.Candidates, c => c.Name == "Yusuf el Idrissi" && c.Likely);

        // The case: admitted by the coordinator, approved by the case director, the police a member, in consultation.
        var decision = await app.WithDbAsync(db => db.Set<WeighingDecision>().AsNoTracking().SingleAsync());
        Assert.Equal((WeighingStatus.InEffect, inCase.CaseId), (decision.Status, decision.CaseId));
        Assert.NotEqual(decision.DecidedByUserId, decision.ReviewedByUserId);
        var @case = await app.WithDbAsync(db => db.Set<Case>().AsNoTracking().SingleAsync());
        Assert.Equal(CaseStage.InConsultation, @case.Stage);
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        await Expect.StatusAsync(await police.GetAsync($"/api/v1/cases/{@case.Id}"), HttpStatusCode.OK);
        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        Assert.Equal(HttpStatusCode.NotFound, (await mentalHealth.GetAsync($"/api/v1/cases/{@case.Id}")).StatusCode);
    }
}
