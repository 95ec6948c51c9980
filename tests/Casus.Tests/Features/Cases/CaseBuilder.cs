using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Shared;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Cases;

/// <summary>
/// Test data and calls for cases. A case is normally opened by a weighing decision; here a partner reports a signal
/// through the API and the case is opened with <see cref="OpenCase"/> as the demo coordinator would, in a service scope.
/// </summary>
public static class CaseBuilder
{
    public sealed record OpenedCase(Guid Id, string Reference, Guid PersonId, Guid SignalId);

    public static async Task<OpenedCase> OpenCaseAsync(this AppFactory app, string givenNames, string surname, string municipality = "Lindendal")
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var registered = await police.RegisterAsync(await app.SignalAboutAsync(givenNames, surname, municipality));
        var coordinatorId = await app.UserIdAsync("coordinator@casus.demo");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var coordinator = await db.Users.SingleAsync(u => u.Id == coordinatorId);
        var signal = await db.Set<Signal>().SingleAsync(s => s.Id == registered.Id);
        var opener = new OpenCase(db, scope.ServiceProvider.GetRequiredService<PersonDataProtector>(),
            new StandInUser(coordinator.Id, coordinator.OrganisationId, Roles.ProcessCoordinator), app.Time);
        var @case = await opener.AddAsync(signal.PersonId, signal.MunicipalityId, [signal], null);
        await db.SaveChangesAsync();
        return new OpenedCase(@case.Id, @case.Reference, @case.PersonId, signal.Id);
    }

    public static async Task<CaseDetail> CaseAsync(this CasusClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/cases/{id}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<CaseDetail>(SignalBuilder.Json))!;
    }

    public static async Task<PageOf<CaseListItem>> CasesAsync(this CasusClient client, string query = "pageSize=200")
    {
        var response = await client.GetAsync($"/api/v1/cases?{query}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PageOf<CaseListItem>>(SignalBuilder.Json))!;
    }

    public static async Task<Dictionary<CaseStage, int>> CaseCountsAsync(this CasusClient client)
    {
        var response = await client.GetAsync("/api/v1/cases/counts");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<Dictionary<CaseStage, int>>(SignalBuilder.Json))!;
    }

    /// <summary>Adds a member through the API as the coordinator; answers the case's new version.</summary>
    public static async Task<Guid> AddMemberAsync(this CasusClient coordinator, Guid caseId, Guid userId, DateOnly from, DateOnly? until,
        string purpose = "Duiding van het psychisch beeld", string legalBasis = "Wet verplichte ggz, art. 8:31")
    {
        var version = (await coordinator.CaseAsync(caseId)).Version;
        var response = await coordinator.PostWithVersionAsync($"/api/v1/cases/{caseId}/members", new MemberInput(userId, purpose, legalBasis, from, until), version);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<CaseChanged>(SignalBuilder.Json))!.Version;
    }

    public static DateOnly Today(this AppFactory app) => DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
}

/// <summary>Who acts when a test opens a case directly through the services, as a weighing decision would.</summary>
public sealed class StandInUser(Guid userId, Guid organisationId, params string[] roles) : ICurrentUser
{
    public Guid? UserId => userId;
    public Guid? OrganisationId => organisationId;
    public Guid? RegionId => null;
    public bool IsInRole(string role) => roles.Contains(role);
}
