using System.Net;
using Casus.Tests.Support;
using Casus.Web.Features.Privacy;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Privacy;

/// <summary>"Verify now" on the privacy officer's page, before and after a record is changed in the database. Own database: it is damaged on purpose.</summary>
public sealed class VerifyingTheLogTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_app).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_record_changed_behind_the_applications_back_raises_the_alert()
    {
        using var privacy = await _app.SignedInAsAsync(Roles.PrivacyOfficer);
        var policeId = await _app.UserIdAsync("police@casus.demo");
        for (var i = 0; i < 3; i++)
        {
            await privacy.SearchLogAsync(new LogSearch(UserId: policeId));
        }
        var verified = await privacy.SubmitFormAsync("/privacy", new Dictionary<string, string>(), "/privacy?handler=Verify");
        await Expect.StatusAsync(verified, HttpStatusCode.Redirect);
        var intact = await privacy.GetPageAsync("/privacy");
        Assert.DoesNotContain("data-testid=\"log-broken\"", intact, StringComparison.Ordinal);
        Assert.Contains("Intact", intact, StringComparison.Ordinal);

        var target = await _app.WithDbAsync(db => db.ProcessingLog.OrderBy(r => r.Sequence).Select(r => r.Sequence).Skip(1).FirstAsync());
        await _app.WithDbAsync(async db =>
        {
            var sql = TestDatabase.OnPostgres
                ? $"ALTER TABLE \"ProcessingLog\" DISABLE TRIGGER ALL; UPDATE \"ProcessingLog\" SET \"SubjectPseudonym\" = 'someone-else' WHERE \"Sequence\" = {target};"
                : $"DROP TRIGGER \"ProcessingLog_no_update\"; UPDATE \"ProcessingLog\" SET \"SubjectPseudonym\" = 'someone-else' WHERE \"Sequence\" = {target};";
            return await db.Database.ExecuteSqlRawAsync(sql);
        });

        await privacy.SubmitFormAsync("/privacy", new Dictionary<string, string>(), "/privacy?handler=Verify");
        var broken = await privacy.GetPageAsync("/privacy");
        Assert.Contains("data-testid=\"log-broken\"", broken, StringComparison.Ordinal);
        Assert.Contains($"record {target}", broken, StringComparison.Ordinal);
        var start = await privacy.GetPageAsync("/");
        Assert.Contains("data-testid=\"log-broken\"", start, StringComparison.Ordinal);

        var stored = await _app.WithDbAsync(db => db.Set<LogVerification>().OrderByDescending(v => v.VerifiedAt).FirstAsync());
        Assert.False(stored.Intact);
        Assert.Equal("processing", stored.BreakLog);
        Assert.Equal(target, stored.BreakSequence);
        Assert.Equal(await _app.UserIdAsync("privacy@casus.demo"), stored.RequestedBy);
    }

    [Fact]
    public async Task The_scheduled_run_is_stored_once_a_day_whichever_node_runs_it()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var verifications = scope.ServiceProvider.GetRequiredService<LogVerifications>();
        await verifications.DailyAsync(CancellationToken.None);
        Assert.Null(await verifications.DailyAsync(CancellationToken.None));
        var key = LogVerifications.DailyKey(_app.Time.GetUtcNow());
        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<LogVerification>().CountAsync(v => v.RunKey == key)));
        // A second node that lost the race finds the key taken and stores nothing.
        Assert.Null(await verifications.RunAsync(key, null, CancellationToken.None));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<LogVerification>().CountAsync(v => v.RunKey == key)));
    }
}
