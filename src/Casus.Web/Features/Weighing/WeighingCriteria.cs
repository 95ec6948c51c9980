using System.Text.Json;
using Casus.Web.Platform.Profiles;

namespace Casus.Web.Features.Weighing;

/// <summary>One criterion of the weighing checklist, with its text in both languages.</summary>
public sealed record WeighingCriterion(string Code, string TextNl, string TextEn)
{
    public string Text(string language) => language == "nl" ? TextNl : TextEn;
}

/// <summary>
/// The checklist a weighing decision is taken against, per national profile and versioned: the inspectorate found
/// that weighing teams lacked uniform criteria, so each decision stores the codes it applied and the checklist
/// version, and old decisions keep their meaning when the checklist changes.
/// </summary>
public sealed record WeighingCriteria(string ProfileKey, int Version, IReadOnlyList<WeighingCriterion> Criteria)
{
    public string VersionId => $"{ProfileKey}:{Version}";

    public bool Contains(string code) => Criteria.Any(c => c.Code == code);

    private static readonly WeighingCriterion[] Common =
    [
        new("identified", "De persoon is voldoende geïdentificeerd en woont of verblijft in de gemeente",
            "The person is sufficiently identified and lives or stays in the municipality"),
        new("reliable-information", "De informatie is concreet en komt uit een betrouwbare bron",
            "The information is specific and comes from a reliable source"),
        new("ideological-motive", "Er zijn aanwijzingen voor radicalisering of een extremistisch motief",
            "There are indications of radicalisation or an extremist motive"),
        new("risk-of-harm", "Er is een risico op geweld, strafbare feiten of ernstige schade voor de persoon of anderen",
            "There is a risk of violence, criminal offences or serious harm to the person or others"),
        new("multiple-domains", "Er spelen zorgen op meer dan één leefgebied die afstemming tussen partners vragen",
            "Concerns in more than one area of life call for coordination between partners"),
        new("not-handled-elsewhere", "Geen enkele partner pakt dit al alleen afdoende aan (reguliere zorg, politie, justitie)",
            "No single partner already handles this adequately on its own (regular care, police, justice)"),
        new("protective-factors", "Beschermende factoren en het netwerk van de persoon zijn meegewogen",
            "Protective factors and the person's network have been taken into account"),
    ];

    public static readonly IReadOnlyList<WeighingCriteria> All =
    [
        new("NL-PGA", 1, Common),
        new("BE-LIVC-R", 1, Common),
        new("DK-InfoHouse", 1,
        [
            new("no-crime-or-acute-risk", "Er is geen strafbaar feit of acuut veiligheidsrisico dat bij de politie blijft",
                "There is no crime or acute security risk that stays with the police"),
            .. Common,
        ]),
        new("UK-Channel", 1,
        [
            new("deconflicted", "Gedeconflicteerd: geen lopend strafrechtelijk onderzoek dat zich ertegen verzet",
                "Deconflicted: no ongoing criminal investigation stands in the way"),
            new("vulnerable-to-radicalisation", "De persoon is kwetsbaar voor radicalisering",
                "The person is vulnerable to being drawn into terrorism"),
            .. Common,
        ]),
    ];
}

/// <summary>The file format of a checklist an organisation loads (Weighing:CriteriaFiles).</summary>
public sealed record WeighingCriteriaFile(string? ProfileKey, int Version, IReadOnlyList<WeighingCriterion>? Criteria);

/// <summary>
/// The built-in checklists plus the ones loaded from files at start. The current checklist of a profile is its
/// highest version; older versions stay known so that decisions taken with them keep their words.
/// </summary>
public sealed class WeighingCriteriaCatalogue
{
    public const string FilesSetting = "Weighing:CriteriaFiles";
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web);
    private readonly List<WeighingCriteria> _all = [.. WeighingCriteria.All];

    public WeighingCriteriaCatalogue(IConfiguration configuration, IHostEnvironment environment)
    {
        foreach (var file in configuration.GetSection(FilesSetting).Get<string[]>() ?? [])
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(environment.ContentRootPath, file);
            _all.Add(Load(path, _all));
        }
    }

    public WeighingCriteria Current(NationalProfile profile) =>
        _all.Where(c => c.ProfileKey == profile.Key).MaxBy(c => c.Version) ?? _all[0];

    public WeighingCriteria? Find(string versionId) => _all.FirstOrDefault(c => c.VersionId == versionId);

    /// <summary>Reads and checks a checklist file; a bad file stops the start with a message that says what is wrong.</summary>
    public static WeighingCriteria Load(string path, IReadOnlyList<WeighingCriteria> known)
    {
        WeighingCriteriaFile? file;
        try
        {
            file = JsonSerializer.Deserialize<WeighingCriteriaFile>(File.ReadAllText(path), FileJson);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Weighing criteria {path} cannot be read: {ex.Message}", ex);
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
        var criteria = file?.Criteria ?? [];
        if (criteria.Count == 0)
        {
            problems.Add("criteria is empty");
        }
        if (criteria.Any(c => string.IsNullOrWhiteSpace(c.Code) || string.IsNullOrWhiteSpace(c.TextNl) || string.IsNullOrWhiteSpace(c.TextEn)))
        {
            problems.Add("every criterion needs code, textNl and textEn");
        }
        if (criteria.Select(c => c.Code).Distinct().Count() != criteria.Count)
        {
            problems.Add("criterion codes must be unique");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Weighing criteria {path}: " + string.Join("; ", problems) + ".");
        }
        return new WeighingCriteria(file!.ProfileKey!, file.Version, criteria);
    }
}

/// <summary>Makes the checklists load during start-up (ValidateOnStart), not at the first decision.</summary>
public sealed class WeighingCriteriaCheck;
