using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Privacy;
using Casus.Web.Features.Shared;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Privacy;

/// <summary>Calls of the privacy officer and what the tests compare them with.</summary>
public static class PrivacyBuilder
{
    public static async Task<PageOf<LogRow>> SearchLogAsync(this CasusClient client, LogSearch search)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/privacy/log/search", search, SignalBuilder.Json);
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<PageOf<LogRow>>(SignalBuilder.Json))!;
    }

    /// <summary>The pseudonym the log knows a signal's person by.</summary>
    public static async Task<string> PersonPseudonymAsync(this AppFactory app, Guid signalId)
    {
        var personId = await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Id == signalId).Select(s => s.PersonId).SingleAsync());
        return app.Services.GetRequiredService<SubjectPseudonymizer>().Pseudonymize("person", personId);
    }

    public static string UserPseudonym(this AppFactory app, Guid userId) =>
        app.Services.GetRequiredService<SubjectPseudonymizer>().Pseudonymize("user", userId);
}
