using System.Net;
using Casus.Tests.Features.Cases;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Retention;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Retention;

/// <summary>
/// Retention that runs itself: the fake clock moves past the NL-PGA periods (12 months for a signal without a case,
/// five years for a case), the daily run proposes, the privacy officer approves, and destruction shreds the keys.
/// Own app per test: the clock moves years.
/// </summary>
public sealed class DestroyingRecordsPastRetentionTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_app).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    private Task<Signal> SignalRowAsync(Guid id) => _app.WithDbAsync(db => db.Set<Signal>().AsNoTracking().SingleAsync(s => s.Id == id));

    [Fact]
    public async Task A_signal_without_a_case_past_its_period_is_proposed_and_destroyed_on_approval_and_a_recent_one_is_untouched()
    {
        RegisteredSignal old, recent;
        using (var police = await _app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            old = await police.RegisterAsync(await _app.SignalAboutAsync("Fenna", "Dekker", narrative: "Verspreidt filmpjes van aanslagen."));
        }
        var before = await SignalRowAsync(old.Id);
        _app.Time.Advance(TimeSpan.FromDays(330));
        using (var police = await _app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            recent = await police.RegisterAsync(await _app.SignalAboutAsync("Gijs", "Mulder"));
        }
        _app.Time.Advance(TimeSpan.FromDays(60));
        var lindendal = await _app.MunicipalityIdAsync("Lindendal");
        var figuresBefore = await _app.WithDbAsync(db => db.Set<Signal>().CountAsync(s => s.MunicipalityId == lindendal && s.Phenomenon == Phenomenon.Jihadism));

        await _app.RunRetentionAsync();

        using var privacy = await _app.SignedInAsAsync(Roles.PrivacyOfficer);
        var proposed = await privacy.ProposalsAsync();
        var item = Assert.Single(proposed);
        Assert.Equal(old.Reference, item.Reference);
        Assert.Equal(RetentionRecordKind.Signal, item.Kind);
        Assert.Equal("Lindendal", item.MunicipalityName);
        var page = await privacy.GetPageAsync("/privacy/retention");
        Assert.Contains(old.Reference, page, StringComparison.Ordinal);
        Assert.DoesNotContain(recent.Reference, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Dekker", page, StringComparison.Ordinal);

        // Without the confirmation: a clear error, and nothing is destroyed.
        var unconfirmed = await privacy.SubmitFormAsync("/privacy/retention",
            new Dictionary<string, string> { ["ProposalId"] = item.Id.ToString(), ["ProposalVersion"] = item.Version.ToString() }, "/privacy/retention?handler=Approve");
        await Expect.StatusAsync(unconfirmed, HttpStatusCode.OK);
        Assert.Contains($"id=\"confirm-{item.Id:N}-error\"", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await SignalRowAsync(old.Id)).DestroyedAt);

        var approved = await privacy.SubmitFormAsync("/privacy/retention",
            new Dictionary<string, string> { ["ProposalId"] = item.Id.ToString(), ["ProposalVersion"] = item.Version.ToString(), ["Confirm"] = "true" },
            "/privacy/retention?handler=Approve");
        await Expect.StatusAsync(approved, HttpStatusCode.Redirect);

        // Destroyed: key shredded, fields emptied, linkage hashes gone; the old ciphertext can never be read again.
        var after = await SignalRowAsync(old.Id);
        Assert.NotNull(after.DestroyedAt);
        Assert.Equal("", after.SubjectCiphertext);
        Assert.Equal("", after.NarrativeCiphertext);
        var key = await _app.WithDbAsync(db => db.Set<PersonDataKey>().AsNoTracking().SingleAsync(k => k.Id == before.DataKeyId));
        Assert.NotNull(key.ShreddedAt);
        Assert.Empty(key.WrappedKey);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<SignalLinkKey>().CountAsync(k => k.SignalId == old.Id)));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var protector = scope.ServiceProvider.GetRequiredService<PersonDataProtector>();
            await Assert.ThrowsAsync<PersonDataShreddedException>(() => protector.DecryptAsync(before.DataKeyId, SignalFields.Subject, before.SubjectCiphertext));
            await Assert.ThrowsAsync<PersonDataShreddedException>(() => protector.DecryptAsync(before.DataKeyId, SignalFields.Narrative, before.NarrativeCiphertext));
        }

        // The tombstone keeps the figures; the destruction is in the processing log.
        Assert.Equal(figuresBefore, await _app.WithDbAsync(db => db.Set<Signal>().CountAsync(s => s.MunicipalityId == lindendal && s.Phenomenon == Phenomenon.Jihadism)));
        Assert.Equal(old.Reference, after.Reference);
        Assert.True(await _app.WithDbAsync(db => db.ProcessingLog.AnyAsync(r => r.ProcessingActivityId == RetentionActivities.Retention.Id && r.Name == "destroy")));
        Assert.Empty(await privacy.ProposalsAsync());
        Assert.Equal(old.Reference, Assert.Single(await privacy.ProposalsAsync("Destroyed")).Reference);

        // The recent signal is untouched and readable.
        var untouched = await SignalRowAsync(recent.Id);
        Assert.Null(untouched.DestroyedAt);
        using var coordinator = await _app.SignedInAsAsync(Roles.ProcessCoordinator);
        Assert.Equal("Gijs Mulder", (await coordinator.SignalAsync(recent.Id)).Subject.DisplayName);

        // Destroyed records are shown as destroyed, never as an error page.
        var inbox = await coordinator.GetPageAsync("/signals");
        Assert.Contains("data-testid=\"destroyed\"", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("Dekker", inbox, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"destroyed\"", await coordinator.GetPageAsync($"/signals/{old.Id}"), StringComparison.Ordinal);
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/signals/{old.Id}"), HttpStatusCode.Gone);
        var search = await coordinator.SearchInboxAsync("Mulder");
        Assert.Contains(recent.Reference, search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_legal_hold_keeps_a_case_off_the_list_until_it_ends_then_the_case_is_destroyed_and_still_counted()
    {
        var opened = await _app.OpenCaseAsync("Hanna", "Bos");
        var caseBefore = await _app.WithDbAsync(db => db.Set<Case>().AsNoTracking().SingleAsync(c => c.Id == opened.Id));
        _app.Time.Advance(TimeSpan.FromDays(5 * 366));
        var today = _app.Today();

        using (var privacy = await _app.SignedInAsAsync(Roles.PrivacyOfficer))
        {
            // Bad input: a clear error per field, and no hold.
            var bad = await privacy.PostJsonAsync("/api/v1/privacy/retention/holds", new HoldInput("C99-NOPE00", " ", today.AddDays(-1)));
            await Expect.StatusAsync(bad, HttpStatusCode.BadRequest);
            var problem = await SignalBuilder.ProblemAsync(bad);
            Assert.True(problem.GetProperty("errors").TryGetProperty("Reference", out _));
            Assert.True(problem.GetProperty("errors").TryGetProperty("Reason", out _));
            Assert.True(problem.GetProperty("errors").TryGetProperty("Until", out _));
            Assert.Empty(await privacy.HoldsAsync());

            var placed = await privacy.SubmitFormAsync("/privacy/retention", new Dictionary<string, string>
            {
                ["Reference"] = opened.Reference, ["Reason"] = "Bezwaarprocedure tegen de sluiting loopt (Awb).",
                ["Until"] = today.AddDays(30).ToString("yyyy-MM-dd"),
            }, "/privacy/retention?handler=Hold");
            await Expect.StatusAsync(placed, HttpStatusCode.Redirect);
            Assert.Equal(opened.Reference, Assert.Single(await privacy.HoldsAsync()).Reference);
        }
        await _app.RunRetentionAsync();
        using (var privacy = await _app.SignedInAsAsync(Roles.PrivacyOfficer))
        {
            Assert.Empty(await privacy.ProposalsAsync());
        }
        Assert.Null((await _app.WithDbAsync(db => db.Set<Case>().AsNoTracking().SingleAsync(c => c.Id == opened.Id))).DestroyedAt);

        _app.Time.Advance(TimeSpan.FromDays(31));
        await _app.RunRetentionAsync();
        using var officer = await _app.SignedInAsAsync(Roles.PrivacyOfficer);
        Assert.Empty(await officer.HoldsAsync());
        var item = Assert.Single(await officer.ProposalsAsync());
        Assert.Equal(opened.Reference, item.Reference);
        Assert.Equal(RetentionRecordKind.Case, item.Kind);

        using var coordinator = await _app.SignedInAsAsync(Roles.ProcessCoordinator);
        var countsBefore = await coordinator.CaseCountsAsync();

        var noIfMatch = await officer.PostJsonAsync($"/api/v1/privacy/retention/proposals/{item.Id}/approve", new ApproveInput(true));
        await Expect.StatusAsync(noIfMatch, (HttpStatusCode)428);
        var stale = await officer.PostWithVersionAsync($"/api/v1/privacy/retention/proposals/{item.Id}/approve", new ApproveInput(true), Guid.NewGuid());
        await Expect.StatusAsync(stale, HttpStatusCode.PreconditionFailed);
        var approved = await officer.PostWithVersionAsync($"/api/v1/privacy/retention/proposals/{item.Id}/approve", new ApproveInput(true), item.Version);
        await Expect.StatusAsync(approved, HttpStatusCode.OK);

        var after = await _app.WithDbAsync(db => db.Set<Case>().AsNoTracking().SingleAsync(c => c.Id == opened.Id));
        Assert.NotNull(after.DestroyedAt);
        Assert.NotNull((await SignalRowAsync(opened.SignalId)).DestroyedAt);
        Assert.NotNull((await _app.WithDbAsync(db => db.Set<PersonDataKey>().AsNoTracking().SingleAsync(k => k.Id == caseBefore.DataKeyId))).ShreddedAt);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<CaseEvent>().CountAsync(e => e.CaseId == opened.Id && e.DetailCiphertext != null)));
        Assert.Equal(countsBefore, await coordinator.CaseCountsAsync());
        Assert.Contains("data-testid=\"destroyed\"", await coordinator.GetPageAsync($"/cases/{opened.Id}"), StringComparison.Ordinal);
        await Expect.StatusAsync(await coordinator.GetAsync($"/api/v1/cases/{opened.Id}"), HttpStatusCode.Gone);
        await Expect.StatusAsync(await coordinator.GetAsync("/cases"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_regions_records_are_not_shown_and_the_run_is_kept_once_a_day()
    {
        RegisteredSignal elsewhere;
        using (var police = await _app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            elsewhere = await police.RegisterAsync(await _app.SignalAboutAsync("Ilse", "Visser"));
        }
        // Move the signal to a municipality of another region.
        await _app.WithDbAsync(async db =>
        {
            var region = new Region { Name = "Regio Elders", ProfileKey = "NL-PGA", CreatedAt = _app.Time.GetUtcNow() };
            var municipality = new Municipality { RegionId = region.Id, Name = "Elderveen", CreatedAt = _app.Time.GetUtcNow() };
            db.AddRange(region, municipality);
            await db.SaveChangesAsync();
            return await db.Set<Signal>().Where(s => s.Id == elsewhere.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.MunicipalityId, municipality.Id));
        });
        _app.Time.Advance(TimeSpan.FromDays(400));
        await _app.RunRetentionAsync();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<DestructionList>().DailyAsync(CancellationToken.None));
        }
        var proposal = await _app.WithDbAsync(db => db.Set<DestructionProposal>().AsNoTracking().SingleAsync(p => p.RecordId == elsewhere.Id));

        using var privacy = await _app.SignedInAsAsync(Roles.PrivacyOfficer);
        Assert.Empty(await privacy.ProposalsAsync());
        Assert.DoesNotContain(elsewhere.Reference, await privacy.GetPageAsync("/privacy/retention"), StringComparison.Ordinal);
        var approve = await privacy.PostWithVersionAsync($"/api/v1/privacy/retention/proposals/{proposal.Id}/approve", new ApproveInput(true), proposal.Version);
        await Expect.StatusAsync(approve, HttpStatusCode.NotFound);
        var hold = await privacy.PostJsonAsync("/api/v1/privacy/retention/holds", new HoldInput(elsewhere.Reference, "Rechtszaak", _app.Today().AddDays(10)));
        await Expect.StatusAsync(hold, HttpStatusCode.BadRequest);
        Assert.Null((await SignalRowAsync(elsewhere.Id)).DestroyedAt);

        using var coordinator = await _app.SignedInAsAsync(Roles.ProcessCoordinator);
        var refused = await coordinator.GetAsync("/privacy/retention");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        await Expect.StatusAsync(await coordinator.GetAsync("/api/v1/privacy/retention/proposals"), HttpStatusCode.Forbidden);
    }
}
