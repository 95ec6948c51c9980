using Casus.Web.Platform.Profiles;

namespace Casus.Web.Features.Signals;

/// <summary>One indicator a reporter can tick, with its text in both languages.</summary>
public sealed record Indicator(string Code, string Group, string TextNl, string TextEn)
{
    public string Text(string language) => language == "nl" ? TextNl : TextEn;
}

/// <summary>
/// The indicators a reporter chooses from, per national profile and versioned: a signal stores the codes and the
/// catalogue version, so old signals keep their meaning when the catalogue changes. The texts describe observable
/// behaviour in plain words; they are not items of a licensed risk-assessment instrument.
/// </summary>
public sealed record IndicatorCatalogue(string ProfileKey, int Version, IReadOnlyList<Indicator> Indicators)
{
    public string VersionId => $"{ProfileKey}:{Version}";

    public bool Contains(string code) => Indicators.Any(i => i.Code == code);

    private static readonly Indicator[] Common =
    [
        new("ideology-expression", "ideology", "Uit openlijk sympathie voor extremistisch gedachtegoed of geweld", "Openly expresses sympathy for extremist ideas or violence"),
        new("us-them", "ideology", "Denkt sterk in wij-zij, ontmenselijkt anderen", "Thinks strongly in us-versus-them terms, dehumanises others"),
        new("justifies-violence", "ideology", "Rechtvaardigt of verheerlijkt geweld tegen een groep of de overheid", "Justifies or glorifies violence against a group or the state"),
        new("rejects-authority", "ideology", "Wijst het gezag van overheid en rechtsstaat af", "Rejects the authority of government and the rule of law"),
        new("social-isolation", "social", "Trekt zich terug uit familie, vrienden of school/werk", "Withdraws from family, friends, school or work"),
        new("new-network", "social", "Nieuwe contacten met personen of groepen uit een extremistisch milieu", "New contacts with people or groups from an extremist milieu"),
        new("online-propaganda", "online", "Deelt of zoekt extremistische propaganda online", "Shares or searches for extremist propaganda online"),
        new("online-closed-groups", "online", "Actief in besloten online groepen met extremistische inhoud", "Active in closed online groups with extremist content"),
        new("travel-intent", "behaviour", "Uit het voornemen om naar een conflictgebied te reizen", "States an intention to travel to a conflict zone"),
        new("weapons-interest", "behaviour", "Opvallende belangstelling voor wapens of explosieven", "Conspicuous interest in weapons or explosives"),
        new("threats", "behaviour", "Uit bedreigingen tegen personen of instellingen", "Makes threats against people or institutions"),
        new("life-event", "vulnerability", "Recente ingrijpende gebeurtenis (verlies, detentie, uitval)", "Recent major life event (loss, detention, dropping out)"),
        new("mental-health", "vulnerability", "Aanwijzingen voor psychische problematiek", "Signs of mental-health problems"),
        new("identity-search", "vulnerability", "Zoekt naar identiteit, zingeving of erkenning", "Searching for identity, meaning or recognition"),
    ];

    public static readonly IReadOnlyList<IndicatorCatalogue> All =
    [
        new("NL-PGA", 1, Common),
        new("BE-LIVC-R", 1, Common),
        new("DK-InfoHouse", 1, Common),
        new("UK-Channel", 1,
        [
            .. Common,
            new("engagement", "channel", "Betrokkenheid bij een groep, zaak of ideologie", "Engagement with a group, cause or ideology"),
            new("intent", "channel", "Intentie om schade te veroorzaken", "Intent to cause harm"),
            new("capability", "channel", "Vermogen om schade te veroorzaken", "Capability to cause harm"),
        ]),
    ];

    /// <summary>The current catalogue of a profile.</summary>
    public static IndicatorCatalogue For(NationalProfile profile) =>
        All.Where(c => c.ProfileKey == profile.Key).MaxBy(c => c.Version) ?? All[0];

    /// <summary>The catalogue a stored signal was registered with, to show its indicators in their original words.</summary>
    public static IndicatorCatalogue? Find(string versionId) => All.FirstOrDefault(c => c.VersionId == versionId);
}
