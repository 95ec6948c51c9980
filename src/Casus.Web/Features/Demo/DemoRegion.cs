using Casus.Web.Features.Assessments;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Demo;

/// <summary>A demo account: listed in README.md. Demo mode only.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string Role, string OrganisationName, string TotpSecret);

/// <summary>
/// The fictional demo region: one region, three municipalities, a Community Safety Partnership serving them,
/// partner organisations of every kind and one account per role. Seeded only into a new database, only in demo
/// mode, and never in Production (the application refuses to start then).
/// </summary>
public static class DemoRegion
{
    public const string Password = "Casus-Demo-2026!";
    public const string RegionName = "Regio Rivierenland (demo)";
    public static readonly string[] MunicipalityNames = ["Lindendal", "Brugwater", "Oosterveld"];

    private static readonly (string Name, OrganisationType Type, string Framework)[] OrganisationSeed =
    [
        ("Gemeente Lindendal", OrganisationType.Municipality, "Gemeentewet art. 172; Wet verwerking persoonsgegevens in de PGA (Wet gegevensverwerking door samenwerkingsverbanden)"),
        ("Gemeente Brugwater", OrganisationType.Municipality, "Gemeentewet art. 172; Wet gegevensverwerking door samenwerkingsverbanden"),
        ("Gemeente Oosterveld", OrganisationType.Municipality, "Gemeentewet art. 172; Wet gegevensverwerking door samenwerkingsverbanden"),
        ("Zorg- en Veiligheidshuis Rivierenland", OrganisationType.SafetyHouse, "Convenant Zorg- en Veiligheidshuis Rivierenland; Wet gegevensverwerking door samenwerkingsverbanden"),
        ("Politie eenheid Rivierenland", OrganisationType.Police, "Wet politiegegevens, art. 19 en 20 (verstrekking aan samenwerkingsverbanden)"),
        ("Openbaar Ministerie, arrondissement Rivierenland", OrganisationType.PublicProsecution, "Wet justitiële en strafvorderlijke gegevens, art. 39f"),
        ("Reclassering Rivierenland", OrganisationType.Probation, "Reclasseringsregeling 1995; Wet justitiële en strafvorderlijke gegevens"),
        ("Raad voor de Kinderbescherming, regio Rivierenland", OrganisationType.ChildProtectionBoard, "Burgerlijk Wetboek boek 1, art. 238; Wet justitiële en strafvorderlijke gegevens"),
        ("Jeugdzorg Rivierenland", OrganisationType.YouthCare, "Jeugdwet, art. 7.4.0 en 7.3.11 (beroepsgeheim, conflict van plichten)"),
        ("GGZ Rivierenland", OrganisationType.MentalHealthCare, "Wet op de geneeskundige behandelingsovereenkomst; beroepsgeheim, conflict van plichten"),
        ("Lindendal College", OrganisationType.School, "Wet op het voortgezet onderwijs; AVG art. 6 lid 1 sub e"),
        ("Woonstichting Brugwater", OrganisationType.Housing, "Woningwet; convenant woonoverlast; AVG art. 6 lid 1 sub f"),
        ("Lokaal adviseur NCTV", OrganisationType.NationalCoordinatorAdvisor, "Wet gegevensverwerking door samenwerkingsverbanden; incidentele deelname"),
        ("Regionaal bureau radicalisering Rivierenland", OrganisationType.RegionalOffice, "Samenwerkingsovereenkomst regio Rivierenland"),
    ];

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("coordinator@casus.demo", "Procesregisseur (demo)", Roles.ProcessCoordinator, "Zorg- en Veiligheidshuis Rivierenland", "CA45YL72BIMOP6X5CWQV6QOAFQWN5THK"),
        new("director@casus.demo", "Regievoerder Lindendal (demo)", Roles.CaseDirector, "Gemeente Lindendal", "HVNNK4DXVF3MKEFSK7ZZKLHAVXF7CLJ7"),
        new("police@casus.demo", "Ketenpartner politie (demo)", Roles.PartnerProfessional, "Politie eenheid Rivierenland", "WSHEUI6IVDGD7KSZGW5V5I3QRBHGRIVJ"),
        new("mentalhealth@casus.demo", "Incidentele partner GGZ (demo)", Roles.OccasionalPartner, "GGZ Rivierenland", "TYK62G6DTQDZYLK6MEP4LM22EF2X3ZMT"),
        new("regional@casus.demo", "Regionaal adviseur (demo)", Roles.RegionalCoordinator, "Regionaal bureau radicalisering Rivierenland", "DDVGFOET7YK4TGXFZJR26RXPKQX4ZRFI"),
        new("privacy@casus.demo", "Privacy officer (demo)", Roles.PrivacyOfficer, "Gemeente Lindendal", "2ZS7LN572G76VJMFGEPFWLR4HWIDLBFM"),
        new("mayor@casus.demo", "Burgemeester Lindendal (demo)", Roles.Executive, "Gemeente Lindendal", "SHERZDD45HTLQAY7VMWE56X4VA3FYW2G"),
        new("admin@casus.demo", "Beheerder (demo)", Roles.SystemAdmin, "Regionaal bureau radicalisering Rivierenland", "DIJWUJWJ7TSDXVO4HAH5W5A4C7KJY3TN"),
    ];

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("Demo:Enabled") && builder.Environment.IsProduction())
        {
            throw new InvalidOperationException(
                "Demo mode is on in Production. Demo accounts have published passwords and second factors: set Demo:Enabled=false.");
        }
        return builder;
    }

    /// <summary>Creates the roles (always) and, in demo mode and only on a database without regions, the demo region.</summary>
    public static async Task SeedDemoAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var roles = services.GetRequiredService<RoleManager<CasusRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new CasusRole { Name = role });
            }
        }

        var db = services.GetRequiredService<CasusDbContext>();
        if (!app.Configuration.GetValue<bool>("Demo:Enabled") || await db.Regions.AnyAsync())
        {
            return;
        }
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var region = new Region { Name = RegionName, ProfileKey = "NL-PGA", CreatedAt = now };
        db.Regions.Add(region);
        var municipalities = MunicipalityNames.Select(n => new Municipality { Name = n, RegionId = region.Id, CreatedAt = now }).ToList();
        db.Municipalities.AddRange(municipalities);
        var organisations = new Dictionary<string, Organisation>();
        foreach (var (name, type, framework) in OrganisationSeed)
        {
            var organisation = new Organisation
            {
                Name = name, Type = type, LegalFramework = framework, RegionId = region.Id, CreatedAt = now,
                FunctionalMailbox = $"{type.ToString().ToLowerInvariant()}@rivierenland.casus.demo",
            };
            var served = type == OrganisationType.Municipality
                ? municipalities.Where(m => name.EndsWith(m.Name, StringComparison.Ordinal))
                : municipalities;
            organisation.Serves.AddRange(served.Select(m => new OrganisationMunicipality { MunicipalityId = m.Id }));
            organisations[name] = organisation;
            db.Organisations.Add(organisation);
        }
        // A few neutral entries of the region's intervention catalogue.
        db.AddRange(Interventions.InterventionCatalogue.DemoEntries(region.Id, now));
        await db.SaveChangesAsync();

        var users = services.GetRequiredService<UserManager<CasusUser>>();
        foreach (var account in Accounts)
        {
            var user = new CasusUser
            {
                UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = account.DisplayName,
                OrganisationId = organisations[account.OrganisationName].Id, TwoFactorEnabled = true, CreatedAt = now, SecondFactorEnrolledAt = now,
            };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, account.Role));
            Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", account.TotpSecret));
        }
        // The neutral example assessment template, loaded as if by the demo administrator.
        var admin = await users.FindByEmailAsync(Accounts.Single(a => a.Role == Roles.SystemAdmin).Email);
        await TemplateAdmin.SeedExampleAsync(db, admin!.Id, now);
        if (app.Configuration.GetValue<bool>(DemoCases.Setting))
        {
            await DemoCases.SeedAsync(app.Services);
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding the demo region failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
