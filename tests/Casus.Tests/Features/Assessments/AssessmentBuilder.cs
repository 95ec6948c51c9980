using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Demo;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Assessments;

/// <summary>
/// Test data for assessments: a case opened from a signal (as weighing would, with the coordinator as the acting
/// user), memberships, templates loaded through the admin API, and assessments recorded through the case API.
/// </summary>
public static class AssessmentBuilder
{
    public static readonly JsonSerializerOptions Json = SignalBuilder.Json;

    /// <summary>A partner reports a signal about a person; the coordinator opens a case for them. Returns the case id.</summary>
    public static async Task<Guid> OpenCaseAsync(this AppFactory app, string givenNames, string surname, string municipality = "Lindendal")
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var signal = await police.RegisterAsync(await app.SignalAboutAsync(givenNames, surname, municipality));
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CasusDbContext>();
        var open = new OpenCase(db, services.GetRequiredService<PersonDataProtector>(), await app.StandInAsync(Roles.ProcessCoordinator),
            services.GetRequiredService<TimeProvider>());
        var tracked = await db.Set<Signal>().SingleAsync(s => s.Id == signal.Id);
        var @case = await open.AddAsync(tracked.PersonId, tracked.MunicipalityId, [tracked], null);
        await db.SaveChangesAsync();
        return @case.Id;
    }

    /// <summary>
    /// The same without HTTP, for an app on Kestrel (browser tests): the signal is registered in a service scope with the
    /// police partner as the acting user, then the coordinator opens the case.
    /// </summary>
    public static async Task<Guid> OpenCaseDirectlyAsync(this AppFactory app, string givenNames, string surname, string municipality = "Lindendal")
    {
        var police = await app.StandInAsync(Roles.PartnerProfessional);
        var coordinator = await app.StandInAsync(Roles.ProcessCoordinator);
        var input = await app.SignalAboutAsync(givenNames, surname, municipality);
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CasusDbContext>();
        var time = sp.GetRequiredService<TimeProvider>();
        var protector = sp.GetRequiredService<PersonDataProtector>();
        var log = new ProcessingLogger(sp.GetRequiredService<ProcessingLogWriter>(), sp.GetRequiredService<SubjectPseudonymizer>(), time, police, new Microsoft.AspNetCore.Http.HttpContextAccessor());
        var register = new RegisterSignal(db, protector, sp.GetRequiredService<BlindIndex>(), log, police, time,
            sp.GetRequiredService<NationalProfile>(), sp.GetRequiredService<IPersonMatcher>(), sp.GetRequiredService<IndicatorCatalogues>());
        var registered = await register.HandleAsync(input);
        Assert.True(registered.Ok, registered.Error?.Code + " " + string.Join(", ", registered.Error?.Fields?.Select(f => f.Key + ": " + string.Join("|", f.Value)) ?? []));
        var tracked = await db.Set<Signal>().SingleAsync(s => s.Id == registered.Value!.Id);
        var @case = await new OpenCase(db, protector, coordinator, time).AddAsync(tracked.PersonId, tracked.MunicipalityId, [tracked], null);
        await db.SaveChangesAsync();
        return @case.Id;
    }

    private static async Task<ICurrentUser> StandInAsync(this AppFactory app, string role)
    {
        var user = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Account(role).Email)
            .Select(u => new { u.Id, u.OrganisationId, u.Organisation!.RegionId }).SingleAsync());
        return new StandInUser(user.Id, user.OrganisationId, role, user.RegionId);
    }

    /// <summary>Adds a demo account to a case, from now, for the given number of days (open-ended when null).</summary>
    public static async Task AddMemberAsync(this AppFactory app, Guid caseId, string role, int? days = null)
    {
        var now = app.Time.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == Account(role).Email);
            db.RecordMemberships.Add(new RecordMembership
            {
                RecordKind = CaseAccess.RecordKind, RecordId = caseId, UserId = user.Id, OrganisationId = user.OrganisationId,
                Purpose = "Deelname aan het casusoverleg", LegalBasis = "Wet gegevensverwerking door samenwerkingsverbanden",
                ValidFrom = now.AddMinutes(-1), ValidUntil = days is { } d ? now.AddDays(d) : null, CreatedAt = now, CreatedBy = user.Id,
            });
            return await db.SaveChangesAsync();
        });
    }

    public static DemoAccount Account(string role) => DemoRegion.Accounts.Single(a => a.Role == role);

    public static Task<Guid> ExampleTemplateIdAsync(this AppFactory app) =>
        app.WithDbAsync(db => db.Set<AssessmentTemplate>().Where(x => x.Key == "neutral-example").Select(x => x.Id).SingleAsync());

    /// <summary>Every item of the neutral example rated <paramref name="rating"/>, except the ones given.</summary>
    public static AssessmentInput ExampleInput(Guid templateId, int rating = 1, IDictionary<string, int>? except = null,
        string[]? factors = null, string judgement = "moderate", string rationale = "Gesprekken met school en ouders; geen nieuwe signalen.")
    {
        string[] items = ["ideas-1", "ideas-2", "network-1", "network-2", "intent-1", "intent-2", "circumstances-1", "circumstances-2"];
        var ratings = items.ToDictionary(i => i, i => (int?)(except is not null && except.TryGetValue(i, out var r) ? r : rating));
        return new AssessmentInput(templateId, ratings, new Dictionary<string, string?> { ["network"] = "Nieuwe vrienden via de sportschool." },
            [.. factors ?? ["pf-family"]], judgement, rationale);
    }

    /// <summary>The list's ETag: the newest assessment, to send as If-Match when recording.</summary>
    public static async Task<Guid> NewestAsync(this CasusClient client, Guid caseId)
    {
        var response = await client.GetAsync($"/api/v1/cases/{caseId}/assessments");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return ETag(response);
    }

    public static Guid ETag(HttpResponseMessage response) => Guid.ParseExact(response.Headers.ETag!.Tag.Trim('"'), "N");

    public static async Task<HttpResponseMessage> RecordAsync(this CasusClient client, Guid caseId, AssessmentInput input, Guid? newest = null) =>
        await client.PostWithVersionAsync($"/api/v1/cases/{caseId}/assessments", input, newest ?? await client.NewestAsync(caseId));

    public static async Task<RecordedAssessment> RecordOkAsync(this CasusClient client, Guid caseId, AssessmentInput input)
    {
        var response = await client.RecordAsync(caseId, input);
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<RecordedAssessment>(Json))!;
    }

    public static async Task<HttpResponseMessage> LoadTemplateAsync(this CasusClient admin, string json) =>
        await admin.Http.PostAsync("/api/v1/admin/assessment-templates", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>A small valid template document; <paramref name="change"/> edits it before it is written.</summary>
    public static string TemplateJson(string key, int version = 1, bool requiresCertification = false, Action<Dictionary<string, object?>>? change = null)
    {
        var template = new Dictionary<string, object?>
        {
            ["key"] = key, ["version"] = version, ["nameNl"] = $"Test {key}", ["nameEn"] = $"Test {key}", ["requiresCertification"] = requiresCertification,
            ["scales"] = new object[]
            {
                new { key = "yes-no", options = new object[] { new { value = 0, labelNl = "Nee", labelEn = "No" }, new { value = 1, labelNl = "Ja", labelEn = "Yes" } } },
            },
            ["domains"] = new object[]
            {
                new { key = "one", nameNl = "Eén", nameEn = "One", items = new object[] { new { code = "a", textNl = "A nl", textEn = "A en", scale = "yes-no" } } },
            },
            ["protectiveFactors"] = new object[] { new { code = "pf", textNl = "PF nl", textEn = "PF en" } },
            ["summaryOptions"] = new object[] { new { key = "low", labelNl = "Laag", labelEn = "Low" }, new { key = "high", labelNl = "Hoog", labelEn = "High" } },
        };
        change?.Invoke(template);
        return JsonSerializer.Serialize(template);
    }

    /// <summary>The signed-in user of a service call made outside a request (here: weighing opening a case).</summary>
    private sealed class StandInUser(Guid userId, Guid organisationId, string role, Guid regionId) : ICurrentUser
    {
        public Guid? UserId => userId;
        public Guid? OrganisationId => organisationId;
        public Guid? RegionId => regionId;
        public bool IsInRole(string r) => r == role;
    }
}
