using Casus.Web.Platform.Profiles;

namespace Casus.Web.Features.Signals;

/// <summary>One indicator a reporter can tick, with its text in both languages.</summary>
public sealed record Indicator(string Code, string Group, string TextNl, string TextEn)
{
    public string Text(string language) => language == "nl" ? TextNl : TextEn;
}

/// <summary>A heading over indicators; the built-in groups have resource texts, a loaded catalogue brings its own.</summary>
public sealed record IndicatorGroup(string Key, string TextNl, string TextEn)
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
    /// <summary>Group headings of a loaded catalogue; empty for the built-in ones (their headings are resources).</summary>
    public IReadOnlyList<IndicatorGroup> Groups { get; init; } = [];

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

}

/// <summary>The file format of a catalogue an organisation loads (Signals:IndicatorCatalogueFiles).</summary>
public sealed record IndicatorCatalogueFile(string? ProfileKey, int Version, IReadOnlyList<IndicatorGroup>? Groups, IReadOnlyList<Indicator>? Indicators);

/// <summary>
/// The built-in catalogues plus the ones loaded from files at start. The current catalogue of a profile is its
/// highest version; older versions stay known so that signals registered with them keep their words.
/// </summary>
public sealed class IndicatorCatalogues
{
    public const string FilesSetting = "Signals:IndicatorCatalogueFiles";
    private static readonly System.Text.Json.JsonSerializerOptions FileJson = new(System.Text.Json.JsonSerializerDefaults.Web);
    private readonly List<IndicatorCatalogue> _all = [.. IndicatorCatalogue.All];

    public IndicatorCatalogues(IConfiguration configuration, IHostEnvironment environment)
    {
        foreach (var file in configuration.GetSection(FilesSetting).Get<string[]>() ?? [])
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(environment.ContentRootPath, file);
            _all.Add(Load(path, _all));
        }
    }

    public IndicatorCatalogue Current(NationalProfile profile) =>
        _all.Where(c => c.ProfileKey == profile.Key).MaxBy(c => c.Version) ?? _all[0];

    public IndicatorCatalogue? Find(string versionId) => _all.FirstOrDefault(c => c.VersionId == versionId);

    /// <summary>Reads and checks a catalogue file; a bad file stops the start with a message that says what is wrong.</summary>
    public static IndicatorCatalogue Load(string path, IReadOnlyList<IndicatorCatalogue> known)
    {
        IndicatorCatalogueFile? file;
        try
        {
            file = System.Text.Json.JsonSerializer.Deserialize<IndicatorCatalogueFile>(File.ReadAllText(path), FileJson);
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Indicator catalogue {path} cannot be read: {ex.Message}", ex);
        }
        var problems = new List<string>();
        if (file is null || string.IsNullOrWhiteSpace(file.ProfileKey) || !NationalProfiles.All.Any(p => p.Key == file.ProfileKey))
        {
            problems.Add("profileKey must name a national profile (" + string.Join(", ", NationalProfiles.All.Select(p => p.Key)) + ")");
        }
        else if (known.Any(c => c.ProfileKey == file.ProfileKey && c.Version >= file.Version))
        {
            problems.Add($"version must be higher than {known.Where(c => c.ProfileKey == file.ProfileKey).Max(c => c.Version)}, the newest known for {file.ProfileKey}");
        }
        var indicators = file?.Indicators ?? [];
        var groups = file?.Groups ?? [];
        if (indicators.Count == 0)
        {
            problems.Add("indicators is empty");
        }
        if (indicators.Any(i => string.IsNullOrWhiteSpace(i.Code) || string.IsNullOrWhiteSpace(i.TextNl) || string.IsNullOrWhiteSpace(i.TextEn) || string.IsNullOrWhiteSpace(i.Group)))
        {
            problems.Add("every indicator needs code, group, textNl and textEn");
        }
        if (indicators.Select(i => i.Code).Distinct().Count() != indicators.Count)
        {
            problems.Add("indicator codes must be unique");
        }
        if (indicators.Select(i => i.Group).Distinct().Any(g => groups.All(x => x.Key != g)))
        {
            problems.Add("every group an indicator names must be in groups, with textNl and textEn");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Indicator catalogue {path}: " + string.Join("; ", problems) + ".");
        }
        return new IndicatorCatalogue(file!.ProfileKey!, file.Version, indicators) { Groups = groups };
    }
}
