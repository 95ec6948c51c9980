using System.Security.Claims;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Demo;

/// <summary>
/// Fictional signals and one case for the demo region, so that someone trying Casus finds work waiting: two signals
/// about what may be one person (to link), an urgent one, and a case that came through weighing with four eyes and
/// has the police as a member. Everything goes through the application's own use cases, acting as the demo
/// accounts, so it is validated, encrypted and in the processing log like real work. Only with
/// <c>Demo:SampleCases</c> (on in Development), only when the demo region is created.
/// </summary>
public static class DemoCases
{
    public const string Setting = "Demo:SampleCases";

    public static async Task SeedAsync(IServiceProvider root, CancellationToken ct = default)
    {
        var lindendal = await WithDbAsync(root, db => db.Municipalities.Where(m => m.Name == "Lindendal").Select(m => m.Id).SingleAsync(ct));
        var brugwater = await WithDbAsync(root, db => db.Municipalities.Where(m => m.Name == "Brugwater").Select(m => m.Id).SingleAsync(ct));

        await AsAsync(root, "police@casus.demo", async sp =>
        {
            var register = sp.GetRequiredService<RegisterSignal>();
            Ok(await register.HandleAsync(new SignalInput
            {
                MunicipalityId = lindendal, GivenNames = "Yusuf", SurnamePrefix = "El", Surname = "Idrissi", DateOfBirth = "2006-03-14",
                Phenomenon = Phenomenon.Jihadism, Indicators = ["ideology-expression", "online-propaganda"], IsOnline = true,
                OnlinePlatform = "Telegram", OnlineHandle = "@yusuf_demo", Urgency = SignalUrgency.Normal,
                Narrative = "De wijkagent hoorde van de moskeebestuurder dat Yusuf in een besloten Telegramgroep filmpjes van aanslagen deelt en anderen aanspoort.",
            }, ct));
            Ok(await register.HandleAsync(new SignalInput
            {
                MunicipalityId = brugwater, GivenNames = "Dirk-Jan", Surname = "Schouten", DateOfBirth = "1988",
                Phenomenon = Phenomenon.RightWingExtremism, Indicators = ["threats", "weapons-interest"], Urgency = SignalUrgency.High,
                Narrative = "Bij een huisbezoek zag de agent nazi-symbolen en een verzameling messen; Schouten dreigde de nieuwe buren 'weg te zuiveren'.",
            }, ct));
        }, ct);
        await AsAsync(root, "mentalhealth@casus.demo", async sp => Ok(await sp.GetRequiredService<RegisterSignal>().HandleAsync(new SignalInput
        {
            MunicipalityId = lindendal, GivenNames = "Youssef", Surname = "Elidrissi", DateOfBirth = "2006-03-14",
            Phenomenon = Phenomenon.Jihadism, Indicators = ["social-isolation", "us-them"], Urgency = SignalUrgency.Normal,
            Narrative = "Cliënt trekt zich terug uit de behandeling en spreekt steeds vaker over 'ongelovigen' die straf verdienen.",
        }, ct)), ct);

        // The case: a signal weighed by the coordinator and approved by the case director (four eyes under NL-PGA).
        RegisteredSignal admitted = null!;
        await AsAsync(root, "police@casus.demo", async sp => admitted = Ok(await sp.GetRequiredService<RegisterSignal>().HandleAsync(new SignalInput
        {
            MunicipalityId = lindendal, GivenNames = "Sanne", Surname = "Kuipers", DateOfBirth = "1999-09-02",
            Phenomenon = Phenomenon.AntiInstitutional, Indicators = ["rejects-authority", "threats"], Urgency = SignalUrgency.High,
            Narrative = "Weigert elk contact met de gemeente, noemt ambtenaren 'verraders' en kondigde online aan de raadsvergadering te 'bezoeken'.",
        }, ct)), ct);
        RecordedDecision decision = null!;
        await AsAsync(root, "coordinator@casus.demo", async sp => decision = Ok(await sp.GetRequiredService<WeighingActions>().DecideAsync(admitted.Id, admitted.Version,
            new DecisionInput(WeighingOutcome.AdmitCase, null, ["identified", "ideological-motive", "multiple-domains"], ["municipality", "police", "public-prosecution"],
                "Dreigende taal tegen bestuurders en volledige afwijzing van hulp: zonder afgestemde aanpak groeit het risico voor haar en voor anderen.",
                "Gemeente en politie hebben elk los contact gezocht; dat heeft niets opgeleverd. Alleen een gezamenlijke aanpak kan het patroon doorbreken."), ct)), ct);
        await AsAsync(root, "director@casus.demo", async sp => decision = Ok(await sp.GetRequiredService<WeighingActions>().ApproveAsync(decision.Id, decision.Version, ct)), ct);

        var police = await WithDbAsync(root, db => db.Users.Where(u => u.NormalizedEmail == "POLICE@CASUS.DEMO").Select(u => u.Id).SingleAsync(ct));
        await AsAsync(root, "coordinator@casus.demo", async sp =>
        {
            var actions = sp.GetRequiredService<CaseActions>();
            var db = sp.GetRequiredService<CasusDbContext>();
            var caseId = decision.CaseId!.Value;
            var version = await db.Set<Case>().Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync(ct);
            var today = DateOnly.FromDateTime(sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            var changed = Ok(await actions.AddMemberAsync(caseId, version, new MemberInput(police,
                "Delen van politie-informatie over dreigingen en afstemmen van politie-inzet",
                "Wet politiegegevens, art. 19 en 20 (verstrekking aan samenwerkingsverbanden)", today, null), ct));
            Ok(await actions.ChangeStageAsync(caseId, changed.Version,
                new StageChangeInput(CaseStage.InConsultation, "Geagendeerd voor het eerstvolgende casusoverleg."), ct));
        }, ct);
    }

    /// <summary>Runs the use case in a scope of its own, acting as the demo account (its claims, as if signed in).</summary>
    private static async Task AsAsync(IServiceProvider root, string email, Func<IServiceProvider, Task> action, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<CasusUser>>().Users.Include(u => u.Organisation)
            .SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), ct);
        var roles = await sp.GetRequiredService<UserManager<CasusUser>>().GetRolesAsync(user);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(CasusClaims.OrganisationId, user.OrganisationId.ToString()),
                new Claim(CasusClaims.RegionId, user.Organisation!.RegionId.ToString()),
                .. roles.Select(r => new Claim(ClaimTypes.Role, r)),
            ], "demo-seed");
        var accessor = sp.GetRequiredService<IHttpContextAccessor>();
        var previous = accessor.HttpContext;
        accessor.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity), RequestServices = sp };
        try
        {
            await action(sp);
        }
        finally
        {
            accessor.HttpContext = previous;
        }
    }

    private static async Task<T> WithDbAsync<T>(IServiceProvider root, Func<CasusDbContext, Task<T>> query)
    {
        await using var scope = root.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CasusDbContext>());
    }

    private static T Ok<T>(Result<T> result) => result.Ok
        ? result.Value!
        : throw new InvalidOperationException($"The demo case data could not be created: {result.Error!.Code} "
            + string.Join(", ", result.Error.Fields?.Select(f => $"{f.Key}: {string.Join("|", f.Value)}") ?? []));
}
