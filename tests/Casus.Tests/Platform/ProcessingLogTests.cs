using System.Net;
using Casus.Tests.Support;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Platform;

public sealed class ProcessingLogTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<VerificationResult> VerifyAsync() => app.WithDbAsync(async db =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync();
    });

    [Fact]
    public async Task Reading_a_person_writes_one_pseudonymised_record_linked_to_an_access_record()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var subjectId = await app.UserIdAsync("police@casus.demo");
        var before = await app.WithDbAsync(db => db.ProcessingLog.CountAsync());

        var response = await admin.GetAsync($"/api/v1/admin/users/{subjectId}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);

        var records = await app.WithDbAsync(db => db.ProcessingLog.OrderBy(r => r.Sequence).Skip(before).ToListAsync());
        var record = Assert.Single(records);
        Assert.Equal("read", record.Name);
        Assert.Equal(ProcessingActivities.UserAdministration.Id, record.ProcessingActivityId);
        Assert.Equal(32, record.TraceId.Length);
        Assert.Equal(16, record.SpanId.Length);
        Assert.DoesNotContain(subjectId.ToString("N"), record.SubjectPseudonym, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("police", record.SubjectPseudonym, StringComparison.OrdinalIgnoreCase);
        var access = await app.WithDbAsync(db => db.AccessLog.Where(a => a.TraceId == record.TraceId).ToListAsync());
        var who = Assert.Single(access);
        Assert.Equal("allowed", who.Decision);
        Assert.Equal(await app.UserIdAsync("admin@casus.demo"), who.UserId);
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_refused_request_is_in_the_access_log()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var response = await police.GetAsync("/api/v1/admin/users");
        await Expect.StatusAsync(response, HttpStatusCode.Forbidden);
        var policeId = await app.UserIdAsync("police@casus.demo");
        Assert.True(await app.WithDbAsync(db => db.AccessLog.AnyAsync(a => a.UserId == policeId && a.Decision == "denied")));
    }

    [Fact]
    public async Task Concurrent_reads_lose_no_record_and_break_no_chain()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var subjectId = await app.UserIdAsync("coordinator@casus.demo");
        var before = await app.WithDbAsync(db => db.ProcessingLog.CountAsync());
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => admin.GetAsync($"/api/v1/admin/users/{subjectId}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 40, await app.WithDbAsync(db => db.ProcessingLog.CountAsync()));
        var result = await VerifyAsync();
        Assert.True(result.Intact, result.FirstBreak?.ToString());
    }

    [Fact]
    public async Task Many_more_concurrent_records_than_one_commit_holds_are_all_written_in_one_unbroken_chain()
    {
        // The operators' meter shows group commit at work. It is process-wide, so other tests may add to it too.
        using var meters = new GroupCommitListener();
        var before = await app.WithDbAsync(db => db.ProcessingLog.CountAsync());
        var writes = Enumerable.Range(0, 600).Select(i => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var log = scope.ServiceProvider.GetRequiredService<IProcessingLogger>();
            await log.RecordAsync(ProcessingActivities.UserAdministration, "read", [new DataSubject("person", Guid.NewGuid())]);
        }));
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(before + 600, await app.WithDbAsync(db => db.ProcessingLog.CountAsync()));
        Assert.True(meters.Appends >= 600, $"appends {meters.Appends}");
        Assert.True(meters.Commits < meters.Appends, $"{meters.Commits} commits for {meters.Appends} appends: no commit served two");
        var result = await VerifyAsync();
        Assert.True(result.Intact, result.FirstBreak?.ToString());
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_log_records()
    {
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        await admin.GetAsync($"/api/v1/admin/users/{await app.UserIdAsync("mayor@casus.demo")}");
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"ProcessingLog\" SET \"Name\" = 'x'")));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AccessLog\"")));
        Assert.True((await VerifyAsync()).Intact);
    }
}

/// <summary>Tampering and an unwritable log need a database of their own: they damage it on purpose.</summary>
public sealed class TamperedLogTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_app).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Verify_log_reports_the_first_record_changed_behind_the_applications_back()
    {
        using var admin = await _app.SignedInAsAsync(Roles.SystemAdmin);
        foreach (var account in DemoRegion.Accounts.Take(3))
        {
            await admin.GetAsync($"/api/v1/admin/users/{await _app.UserIdAsync(account.Email)}");
        }
        var target = await _app.WithDbAsync(db => db.ProcessingLog.OrderBy(r => r.Sequence).Select(r => r.Sequence).Skip(1).FirstAsync());
        await _app.WithDbAsync(async db =>
        {
            var sql = TestDatabase.OnPostgres
                ? $"ALTER TABLE \"ProcessingLog\" DISABLE TRIGGER ALL; UPDATE \"ProcessingLog\" SET \"Name\" = 'list' WHERE \"Sequence\" = {target};"
                : $"DROP TRIGGER \"ProcessingLog_no_update\"; UPDATE \"ProcessingLog\" SET \"Name\" = 'list' WHERE \"Sequence\" = {target};";
            return await db.Database.ExecuteSqlRawAsync(sql);
        });

        await using var scope = _app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal("processing", result.FirstBreak!.Log);
        Assert.Equal(target, result.FirstBreak.Sequence);
    }

    [Fact]
    public async Task A_removed_tail_passes_the_chain_but_not_an_anchor_kept_outside_the_database()
    {
        using var admin = await _app.SignedInAsAsync(Roles.SystemAdmin);
        foreach (var account in DemoRegion.Accounts.Take(3))
        {
            await admin.GetAsync($"/api/v1/admin/users/{await _app.UserIdAsync(account.Email)}");
        }
        await using var scope = _app.Services.CreateAsyncScope();
        var verifier = scope.ServiceProvider.GetRequiredService<LogVerifier>();
        var anchors = await verifier.HeadsAsync();
        Assert.Equal(["processing", "access"], anchors.Select(h => h.Log));

        await _app.WithDbAsync(async db =>
        {
            var sql = TestDatabase.OnPostgres
                ? $"ALTER TABLE \"ProcessingLog\" DISABLE TRIGGER ALL; DELETE FROM \"ProcessingLog\" WHERE \"Sequence\" >= {anchors[0].Sequence - 1};"
                : $"DROP TRIGGER \"ProcessingLog_no_delete\"; DELETE FROM \"ProcessingLog\" WHERE \"Sequence\" >= {anchors[0].Sequence - 1};";
            return await db.Database.ExecuteSqlRawAsync(sql);
        });

        Assert.True((await verifier.VerifyAsync()).Intact, "the chain alone cannot see a cut-off tail");
        var anchored = await verifier.VerifyAsync(anchors);
        Assert.False(anchored.Intact);
        Assert.Equal(("processing", anchors[0].Sequence), (anchored.FirstBreak!.Log, anchored.FirstBreak.Sequence));
        Assert.True(ChainHead.TryParse(anchors[0].ToString(), out var parsed) && parsed == anchors[0]);
    }

    [Fact]
    public async Task When_the_log_cannot_be_written_the_read_fails_and_shows_nothing()
    {
        using var admin = await _app.SignedInAsAsync(Roles.SystemAdmin);
        var subjectId = await _app.UserIdAsync("privacy@casus.demo");
        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"ProcessingLog\""));
        var response = await admin.GetAsync($"/api/v1/admin/users/{subjectId}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain("privacy@casus.demo", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // A page's read is committed while the page renders; the rendered page waits for it and is never sent.
        var page = await admin.GetAsync($"/admin/users/{subjectId}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.DoesNotContain("privacy@casus.demo", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Records_queued_when_the_application_stops_are_committed_and_a_later_append_fails_at_once()
    {
        var writer = _app.Services.GetRequiredService<ProcessingLogWriter>();
        var before = await _app.WithDbAsync(db => db.AccessLog.CountAsync());
        AccessLogRecord Access() => new()
        {
            TraceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString(), OccurredAt = _app.Time.GetUtcNow(),
            Action = "read", Decision = "allowed", PreviousHash = "", Hash = "",
        };
        var queued = Enumerable.Range(0, 50).Select(_ => writer.AppendAsync([], [Access()])).ToList();

        await writer.StopAsync(CancellationToken.None);

        await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(before + 50, await _app.WithDbAsync(db => db.AccessLog.CountAsync()));
        await Assert.ThrowsAsync<ProcessingLogUnavailableException>(() => writer.AppendAsync([], [Access()]).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(before + 50, await _app.WithDbAsync(db => db.AccessLog.CountAsync()));
    }
}
