using System.Reflection;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>
/// Brings the register up to date with code at every start: an activity a feature declares and the register lacks
/// becomes its version (usually 1) with the default texts below, so the ids in existing log records stay valid and a
/// new database starts with a complete register. Versions the privacy officer published are never touched.
/// </summary>
public static class RegisterSeed
{
    /// <summary>Every activity code declares: the public static <see cref="ProcessingActivity"/> fields of Casus's types.</summary>
    public static IReadOnlyList<ProcessingActivity> Declared { get; } = typeof(RegisterSeed).Assembly.GetTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.FieldType == typeof(ProcessingActivity) && f.IsInitOnly)
        .Select(f => (ProcessingActivity)f.GetValue(null)!)
        .DistinctBy(a => a.Key)
        .OrderBy(a => a.Key, StringComparer.Ordinal)
        .ToList();

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var known = await db.Set<RegisterEntry>().Select(e => e.Key).ToListAsync(ct);
        var missing = Declared.Where(a => !known.Contains(a.Key)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var activity in missing)
        {
            db.Add(new RegisterEntry { Key = activity.Key, CurrentVersion = activity.Version, CreatedAt = now });
            db.Add(FirstVersion(activity, now));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another web node seeded the same entries at the same moment: theirs stand.
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegisterSeed))
                .LogInformation("The register of processing activities was seeded by another node.");
        }
    }

    public static RegisterVersion FirstVersion(ProcessingActivity activity, DateTimeOffset now)
    {
        var d = Defaults.TryGetValue(activity.Key, out var found) ? found : Undescribed;
        return new RegisterVersion
        {
            Key = activity.Key, Number = activity.Version, ActivityId = activity.Id, CreatedAt = now,
            PurposeNl = activity.PurposeNl, PurposeEn = activity.PurposeEn,
            DataSubjectsNl = d.DataSubjects.Nl, DataSubjectsEn = d.DataSubjects.En,
            PersonalDataNl = d.PersonalData.Nl, PersonalDataEn = d.PersonalData.En,
            RecipientsNl = d.Recipients.Nl, RecipientsEn = d.Recipients.En,
            RetentionNl = d.Retention.Nl, RetentionEn = d.Retention.En,
            LegalBasisNl = d.LegalBasis.Nl, LegalBasisEn = d.LegalBasis.En,
            ControllerNl = d.Controller.Nl, ControllerEn = d.Controller.En,
        };
    }

    public sealed record Text(string Nl, string En);

    public sealed record EntryDefaults(Text DataSubjects, Text PersonalData, Text Recipients, Text Retention, Text LegalBasis, Text Controller);

    private static readonly Text ToDescribe = new("Nog te beschrijven door de functionaris gegevensbescherming.", "To be described by the privacy officer.");

    /// <summary>For an activity a developer added without defaults (a test fails for that): the officer completes it.</summary>
    private static readonly EntryDefaults Undescribed = new(ToDescribe, ToDescribe, ToDescribe, ToDescribe, ToDescribe, ToDescribe);

    private static readonly Text MunicipalController = new(
        "Het college van burgemeester en wethouders (en de burgemeester voor de openbare orde) van de gemeente waar het signaal of de casus speelt; partners zijn elk verantwoordelijk voor wat zij inbrengen, volgens het convenant.",
        "The municipal executive (and the mayor for public order) of the municipality the signal or case concerns; partners are each controller of what they bring in, under the covenant.");

    private static readonly Text RunnerController = new(
        "De gemeente of het samenwerkingsverband dat Casus voor de regio beheert.",
        "The municipality or partnership that runs Casus for the region.");

    private static readonly Text PgaLegalBasis = new(
        "Art. 6 lid 1 sub e AVG: een taak van algemeen belang (openbare orde en veiligheid, de persoonsgerichte aanpak). Bijzondere en strafrechtelijke persoonsgegevens alleen binnen art. 9 lid 2 sub g en art. 10 AVG en de nationale uitvoeringswet. Samenwerking volgens het convenant van de partners.",
        "Art. 6(1)(e) GDPR: a task in the public interest (public order and safety, the person-centred approach). Special categories and criminal data only within art. 9(2)(g) and art. 10 GDPR and national law. Cooperation under the partners' covenant.");

    private static readonly Text CaseRetention = new(
        "Vijf jaar na de laatste verwerking van de casus (NL-PGA: Convenant Zorg- en Veiligheidshuizen 2017; het nationale profiel bepaalt de termijn), daarna vernietigd met behoud van een geanonimiseerd restant voor cijfers.",
        "Five years after the case was last processed (NL-PGA: 2017 covenant of the Zorg- en Veiligheidshuizen; the national profile sets the period), then destroyed, keeping a tombstone without identifying data for figures.");

    private static readonly Text LogRetention = new(
        "De logboeken zijn alleen-toevoegen en worden door Casus nu niet vernietigd; de verwerkingsverantwoordelijke stelt een bewaartermijn vast.",
        "The logs are append-only and Casus does not destroy them today; the controller sets a retention period.");

    private static readonly Text CaseRecipients = new(
        "Procesregisseurs en regievoerders van de gemeente; partnerorganisaties die lid zijn van de casus, voor de periode en het doel van hun deelname. Geen verstrekking buiten de deelnemers.",
        "Process coordinators and case directors of the municipality; partner organisations that are members of the case, for the period and purpose of their membership. Not disclosed beyond the members.");

    private static readonly Dictionary<string, EntryDefaults> Defaults = new(StringComparer.Ordinal)
    {
        ["signals"] = new(
            new("Personen over wie een signaal van mogelijke radicalisering is gemeld; melders (professionals van partners en burgers die een zorg melden).",
                "Persons about whom a signal of possible radicalisation is reported; reporters (partner professionals and members of the public reporting a concern)."),
            new("Naam, geboortedatum, burgerservicenummer, adres, bijnamen, online accounts; de omschrijving van het signaal, indicatoren en bijlagen, die bijzondere persoonsgegevens (zoals religie of politieke opvattingen) en strafrechtelijke gegevens kunnen bevatten; van melders: account en organisatie, of bij een burger alleen een vervolgcode.",
                "Name, date of birth, citizen service number, address, aliases, online accounts; the signal's narrative, indicators and attachments, which may hold special categories (such as religion or political opinions) and criminal data; of reporters: account and organisation, or for a member of the public only a follow-up code."),
            new("Procesregisseurs en regievoerders van de gemeenten die hun organisatie bedient; een melder ziet alleen de eigen melding. Geen verstrekking buiten de regio.",
                "Process coordinators and case directors of the municipalities their organisation serves; a reporter sees only their own report. Not disclosed outside the region."),
            new("Een signaal dat niet tot een casus leidt: 12 maanden na de laatste verwerking; een signaal in een casus: zoals de casus. Het nationale profiel bepaalt de termijnen.",
                "A signal that leads to no case: 12 months after it was last processed; a signal in a case: as the case. The national profile sets the periods."),
            PgaLegalBasis, MunicipalController),
        ["weighing"] = new(
            new("Personen over wie signalen worden gewogen.", "Persons whose signals are weighed."),
            new("De gegevens van de gewogen signalen; de toegepaste criteria, de uitkomst, de afweging van proportionaliteit en subsidiariteit, de aanwezige partijen en wie besloot.",
                "The data of the signals weighed; the criteria applied, the outcome, the reasoning on proportionality and subsidiarity, the parties present and who decided."),
            new("Procesregisseurs en regievoerders van de gemeente; bij toelating tot het casusoverleg de leden van de casus.",
                "Process coordinators and case directors of the municipality; on admission to case consultation, the members of the case."),
            new("Zoals de gewogen signalen: 12 maanden na de laatste verwerking zonder casus, anders zoals de casus.",
                "As the signals weighed: 12 months after last processing without a case, otherwise as the case."),
            PgaLegalBasis, MunicipalController),
        ["cases"] = new(
            new("De persoon om wie de casus draait; professionals die aan de casus deelnemen.", "The person the case is about; professionals taking part in the case."),
            new("Identificerende gegevens van de persoon, het verloop van de casus, deelname van partners (doel, grondslag, periode), verslagen van het casusoverleg, het plan van aanpak (doelen, interventies, resultaten) en besluiten; kan bijzondere en strafrechtelijke persoonsgegevens bevatten.",
                "Identifying data of the person, the case's timeline, partners' membership (purpose, legal basis, period), case consultation minutes, the action plan (goals, interventions, results) and decisions; may hold special categories and criminal data."),
            CaseRecipients, CaseRetention, PgaLegalBasis, MunicipalController),
        ["assessments"] = new(
            new("De persoon om wie de casus draait.", "The person the case is about."),
            new("Resultaten van een gestructureerd taxatie-instrument over risico- en beschermende factoren, het instrument en de functie van de taxateur; kan bijzondere persoonsgegevens bevatten.",
                "Results of a structured assessment instrument on risk and protective factors, the instrument and the assessor's function; may hold special categories of data."),
            CaseRecipients, CaseRetention, PgaLegalBasis, MunicipalController),
        ["privacy-supervision"] = new(
            new("Professionals wier handelingen in het logboek staan; personen die op referentie worden gezocht (alleen als pseudoniem in het logboek).",
                "Professionals whose actions are in the log; persons searched by reference (only as a pseudonym in the log)."),
            new("Logrecords: wie, wanneer, welke handeling, welke verwerkingsactiviteit, het pseudoniem van de betrokkene, toegestaan of geweigerd; meldingen van ongebruikelijke toegang en de beoordeling daarvan.",
                "Log records: who, when, which action, which processing activity, the data subject's pseudonym, allowed or refused; flags of unusual access and their review."),
            new("De functionaris gegevensbescherming van de regio; de toezichthouder op verzoek.",
                "The privacy officer of the region; the supervisory authority on request."),
            LogRetention,
            new("Art. 6 lid 1 sub c AVG: een wettelijke plicht (verantwoording en beveiliging, art. 5 lid 2, 24 en 32 AVG; taken van de FG, art. 39 AVG).",
                "Art. 6(1)(c) GDPR: a legal obligation (accountability and security, art. 5(2), 24 and 32 GDPR; the privacy officer's tasks, art. 39 GDPR)."),
            MunicipalController),
        ["retention"] = new(
            new("Personen van wie signalen of casussen de bewaartermijn voorbij zijn.", "Persons whose signals or cases are past their retention period."),
            new("Referentie, soort, gemeente, datum van laatste verwerking, bewaarplichten (juridische grond) en het besluit tot vernietiging; de vernietigde gegevens zelf worden onleesbaar gemaakt.",
                "Reference, kind, municipality, date last processed, legal holds (legal reason) and the decision to destroy; the destroyed data itself is made unreadable."),
            new("De functionaris gegevensbescherming van de regio.", "The privacy officer of the region."),
            new("Na vernietiging blijft alleen een restant zonder identificerende gegevens (referentie, gemeente, fenomeen, data, uitkomst) voor cijfers.",
                "After destruction only a tombstone without identifying data remains (reference, municipality, phenomenon, dates, outcome) for figures."),
            new("Art. 6 lid 1 sub c AVG met art. 5 lid 1 sub e AVG (opslagbeperking) en de bewaartermijnen van het convenant.",
                "Art. 6(1)(c) GDPR with art. 5(1)(e) GDPR (storage limitation) and the covenant's retention periods."),
            MunicipalController),
        ["subject-rights"] = new(
            new("Personen die een verzoek doen en personen over wie het verzoek gaat.", "Persons who make a request and persons the request is about."),
            new("Soort verzoek, datum van ontvangst, de referentie van een signaal of casus van de persoon, het besluit met grond, het inzagerapport en per onderdeel de beslissing tot verstrekken of weigeren.",
                "Kind of request, date received, the reference of a signal or case of the person, the decision with its ground, the access report and per part the decision to disclose or withhold."),
            new("De functionaris gegevensbescherming van de regio; de betrokkene (het inzagerapport).", "The privacy officer of the region; the data subject (the access report)."),
            new("Verzoeken en besluiten worden door Casus nu niet vernietigd; de verwerkingsverantwoordelijke stelt een bewaartermijn vast.",
                "Casus does not destroy requests and decisions today; the controller sets a retention period."),
            new("Art. 6 lid 1 sub c AVG met art. 12 tot en met 18 en art. 23 AVG.", "Art. 6(1)(c) GDPR with art. 12 to 18 and art. 23 GDPR."),
            MunicipalController),
        ["admin-users"] = new(
            new("Professionals met een account in Casus.", "Professionals with an account in Casus."),
            new("Naam, e-mailadres, organisatie, rollen, voorkeurstaal, status van het account en beveiligingsgegevens (authenticator, passkeys, herstelcodes als hash).",
                "Name, e-mail address, organisation, roles, preferred language, account status and security data (authenticator, passkeys, recovery codes as hashes)."),
            new("De beheerders van de regio; de functionaris gegevensbescherming (namen in het logboek).", "The region's system administrators; the privacy officer (names in the log)."),
            new("Zolang het account bestaat; een gedeactiveerd account blijft bewaard zodat het logboek herleidbaar blijft.",
                "As long as the account exists; a deactivated account is kept so the log stays traceable."),
            new("Art. 6 lid 1 sub e AVG (de taak waarvoor de professional werkt) en sub c met art. 32 AVG (beveiliging).",
                "Art. 6(1)(e) GDPR (the task the professional works for) and (c) with art. 32 GDPR (security)."),
            RunnerController),
        ["authentication"] = new(
            new("Professionals die zich aanmelden.", "Professionals who sign in."),
            new("Account, tijdstip, aanmeldmethode (wachtwoord en code, passkey, identiteitsprovider van de organisatie), mislukte pogingen en sessiegegevens.",
                "Account, time, sign-in method (password and code, passkey, the organisation's identity provider), failed attempts and session data."),
            new("De beheerders van de regio; de functionaris gegevensbescherming (toegangslog).", "The region's system administrators; the privacy officer (access log)."),
            LogRetention,
            new("Art. 6 lid 1 sub c AVG met art. 32 AVG (beveiliging van de verwerking).", "Art. 6(1)(c) GDPR with art. 32 GDPR (security of processing)."),
            RunnerController),
    };

    /// <summary>True when every declared activity has its own default texts (a test checks this).</summary>
    public static IReadOnlyList<string> WithoutDefaults => Declared.Where(a => !Defaults.ContainsKey(a.Key)).Select(a => a.Key).ToList();
}
