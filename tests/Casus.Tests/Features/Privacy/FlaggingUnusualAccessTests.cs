using System.Net;
using System.Net.Http.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Privacy;
using Casus.Web.Features.Shared;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Privacy;

/// <summary>Unusual access is flagged once per hour window, and the privacy officer reviews it. Own app: the clock moves to a Saturday.</summary>
public sealed class FlaggingUnusualAccessTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(TestDatabase.Create(), new Dictionary<string, string?> { ["Privacy:ManyPersonsCount"] = "3" });

    public Task InitializeAsync() => ((IAsyncLifetime)_app).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task Many_persons_outside_working_hours_and_just_before_membership_ended_are_flagged_once_and_reviewed()
    {
        // Saturday noon in Amsterdam: outside working hours.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var local = TimeZoneInfo.ConvertTime(_app.Time.GetUtcNow(), zone);
        var days = ((int)DayOfWeek.Saturday - (int)local.DayOfWeek + 7) % 7;
        var saturday = local.Date.AddDays(days == 0 ? 7 : days).AddHours(12);
        _app.Time.SetUtcNow(new DateTimeOffset(saturday, zone.GetUtcOffset(saturday)).ToUniversalTime());

        using var police = await _app.SignedInAsAsync(Roles.PartnerProfessional);
        var signals = new List<Guid>();
        foreach (var (given, surname) in new[] { ("Fenna", "Dekker"), ("Gijs", "Mulder"), ("Hanna", "Bos") })
        {
            signals.Add((await police.RegisterAsync(await _app.SignalAboutAsync(given, surname))).Id);
        }
        var policeId = await _app.UserIdAsync("police@casus.demo");
        var opened = _app.Time.GetUtcNow();

        // The police officer is a member of a case about the first person, until half an hour from now.
        var caseId = await _app.WithDbAsync(async db =>
        {
            var signal = await db.Set<Casus.Web.Features.Signals.Signal>().SingleAsync(s => s.Id == signals[0]);
            var key = await db.Set<PersonDataKey>().Where(k => k.MunicipalityId == signal.MunicipalityId).Select(k => k.Id).FirstAsync();
            var @case = new Case
            {
                Reference = "C26-FLAG22", PersonId = signal.PersonId, MunicipalityId = signal.MunicipalityId,
                CoordinatorUserId = await _app.UserIdAsync("coordinator@casus.demo"), DataKeyId = key, OpenedAt = opened,
            };
            db.Add(@case);
            db.Add(new RecordMembership
            {
                RecordKind = "case", RecordId = @case.Id, UserId = policeId, OrganisationId = (await db.Users.SingleAsync(u => u.Id == policeId)).OrganisationId,
                Purpose = "Deelname casusoverleg", LegalBasis = "Wet gemeentelijke aanpak", ValidFrom = opened.AddDays(-1), ValidUntil = opened.AddMinutes(30),
                CreatedAt = opened, CreatedBy = policeId,
            });
            await db.SaveChangesAsync();
            return @case.Id;
        });
        _app.Time.Advance(TimeSpan.FromHours(2));

        var hour = AccessReviewJob.HourOf(opened);
        for (var run = 0; run < 2; run++)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var review = scope.ServiceProvider.GetRequiredService<AccessReview>();
            await review.DetectAsync(hour, hour.AddHours(1), CancellationToken.None);
            await review.DetectAsync(hour.AddHours(-1), hour, CancellationToken.None);
        }

        var flags = await _app.WithDbAsync(db => db.Set<AccessReviewFlag>().Where(f => f.UserId == policeId).ToListAsync());
        var many = Assert.Single(flags, f => f.Kind == AccessFlagKind.ManyPersons);
        Assert.Equal(3, many.Count);
        var outside = Assert.Single(flags, f => f.Kind == AccessFlagKind.OutsideWorkingHours);
        Assert.True(outside.Count >= 3);
        var membership = Assert.Single(flags, f => f.Kind == AccessFlagKind.BeforeMembershipEnded);
        Assert.Equal(caseId, membership.RecordId);
        Assert.All(flags, f => Assert.Equal(AccessFlagStatus.Open, f.Status));

        // Nobody else was flagged: the coordinator did nothing with persons.
        var coordinatorId = await _app.UserIdAsync("coordinator@casus.demo");
        Assert.False(await _app.WithDbAsync(db => db.Set<AccessReviewFlag>().AnyAsync(f => f.UserId == coordinatorId)));

        using var privacy = await _app.SignedInAsAsync(Roles.PrivacyOfficer);
        var start = await privacy.GetPageAsync("/privacy");
        Assert.Contains("3 meldingen wachten op beoordeling", start, StringComparison.Ordinal);
        var page = await privacy.GetPageAsync("/privacy/flags?status=Open");
        Assert.Contains("C26-FLAG22", page, StringComparison.Ordinal);

        var empty = await privacy.SubmitFormAsync("/privacy/flags?status=Open", new Dictionary<string, string>
        {
            ["FlagId"] = many.Id.ToString(), ["FlagVersion"] = many.Version.ToString(),
        }, "/privacy/flags?handler=Review&status=Open");
        await Expect.StatusAsync(empty, HttpStatusCode.OK);
        var emptyPage = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Noteer waarom.", emptyPage, StringComparison.Ordinal);

        var saved = await privacy.SubmitFormAsync("/privacy/flags?status=Open", new Dictionary<string, string>
        {
            ["FlagId"] = many.Id.ToString(), ["FlagVersion"] = many.Version.ToString(), ["Decision"] = "Justified",
            ["Note"] = "Registreerde drie meldingen uit één schoolgesprek.",
        }, "/privacy/flags?handler=Review&status=Open");
        await Expect.StatusAsync(saved, HttpStatusCode.Redirect);
        var reviewed = await _app.WithDbAsync(db => db.Set<AccessReviewFlag>().SingleAsync(f => f.Id == many.Id));
        Assert.Equal(AccessFlagStatus.Reviewed, reviewed.Status);
        Assert.Equal(AccessFlagDecision.Justified, reviewed.Decision);
        Assert.Equal(await _app.UserIdAsync("privacy@casus.demo"), reviewed.ReviewedBy);

        // A second review with the version read before the first one is refused, not silently overwritten.
        var stale = await privacy.SubmitFormAsync("/privacy/flags?status=Open", new Dictionary<string, string>
        {
            ["FlagId"] = many.Id.ToString(), ["FlagVersion"] = many.Version.ToString(), ["Decision"] = "NotJustified", ["Note"] = "Anders bekeken.",
        }, "/privacy/flags?handler=Review&status=Open");
        await Expect.StatusAsync(stale, HttpStatusCode.OK);
        Assert.Contains("data-testid=\"conflict\"", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AccessFlagDecision.Justified, (await _app.WithDbAsync(db => db.Set<AccessReviewFlag>().SingleAsync(f => f.Id == many.Id))).Decision);

        // The API: the open flags, and a review that needs the version read.
        var open = await privacy.Http.GetFromJsonAsync<PageOf<AccessFlagItem>>("/api/v1/privacy/flags?status=Open", SignalBuilder.Json);
        Assert.Equal(2, open!.Total);
        var item = Assert.Single(open.Items, f => f.Kind == AccessFlagKind.BeforeMembershipEnded);
        Assert.Equal("C26-FLAG22", item.CaseReference);
        var input = new FlagReviewInput(AccessFlagDecision.NotJustified, "Geen taak meer in deze casus; besproken met de leidinggevende.");
        var withoutVersion = await privacy.PostJsonAsync($"/api/v1/privacy/flags/{item.Id}/review", input);
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutVersion.StatusCode);
        var done = await privacy.PostWithVersionAsync($"/api/v1/privacy/flags/{item.Id}/review", input, item.Version);
        await Expect.StatusAsync(done, HttpStatusCode.OK);
        Assert.Equal(1, (await privacy.Http.GetFromJsonAsync<PageOf<AccessFlagItem>>("/api/v1/privacy/flags?status=Open", SignalBuilder.Json))!.Total);
    }

    [Fact]
    public void Rules_that_cannot_work_stop_the_application_at_start()
    {
        using var app = new AppFactory(TestDatabase.Create(), new Dictionary<string, string?>
        {
            ["Privacy:TimeZone"] = "Mars/Olympus", ["Privacy:WorkdayStart"] = "19:00", ["Privacy:WorkdayEnd"] = "07:00",
        });
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        var message = error.ToString();
        Assert.Contains("Mars/Olympus", message, StringComparison.Ordinal);
        Assert.Contains("WorkdayEnd must be later", message, StringComparison.Ordinal);
    }
}
