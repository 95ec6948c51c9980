using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Retention;

/// <summary>Test calls for retention: the daily run as the job makes it, and the privacy officer's list through the API.</summary>
public static class RetentionBuilder
{
    /// <summary>
    /// Today's run, as the background job makes it. The job itself may run it at the same moment (the fake clock just
    /// moved): whichever comes first keeps its row, so this waits until today's run is stored.
    /// </summary>
    public static async Task RunRetentionAsync(this AppFactory app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DestructionList>().DailyAsync(CancellationToken.None);
        }
        var key = DestructionList.DailyKey(app.Time.GetUtcNow());
        for (var i = 0; i < 100 && !await app.WithDbAsync(db => db.Set<RetentionRun>().AnyAsync(r => r.RunKey == key)); i++)
        {
            await Task.Delay(50);
        }
    }

    public static async Task<IReadOnlyList<ProposalItem>> ProposalsAsync(this CasusClient privacy, string status = "Proposed")
    {
        var response = await privacy.GetAsync($"/api/v1/privacy/retention/proposals?status={status}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<ProposalItem>>(SignalBuilder.Json))!;
    }

    public static async Task<IReadOnlyList<HoldItem>> HoldsAsync(this CasusClient privacy)
    {
        var response = await privacy.GetAsync("/api/v1/privacy/retention/holds");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<HoldItem>>(SignalBuilder.Json))!;
    }
}
