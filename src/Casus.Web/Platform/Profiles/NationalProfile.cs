using System.ComponentModel.DataAnnotations;

namespace Casus.Web.Platform.Profiles;

/// <summary>
/// How a country runs the approach: stage names, who weighs, the outcomes of weighing, review intervals,
/// retention and the default language. The foundation ships the profiles' shared shape and their basics; later
/// issues extend it (assessment templates, required steps).
/// </summary>
public sealed class NationalProfile
{
    [Required] public required string Key { get; init; }
    [Required] public required string NameEn { get; init; }
    [Required] public required string NameNl { get; init; }
    [Required, RegularExpression("^(nl|en)$")] public required string DefaultLanguage { get; init; }
    /// <summary>Parties that take the weighing decision, e.g. municipality, police, prosecution.</summary>
    public required IReadOnlyList<string> WeighingParties { get; init; }
    public required IReadOnlyList<string> WeighingOutcomes { get; init; }
    /// <summary>What the profile calls the weighing step (NL "weging", UK "screening", DK "police check").</summary>
    public required string WeighingStepNameEn { get; init; }
    public required string WeighingStepNameNl { get; init; }
    /// <summary>Whether a weighing decision needs a second person's approval before it takes effect.</summary>
    public bool WeighingNeedsFourEyes { get; init; }
    /// <summary>How decisions in a case consultation are taken: "chair" (NL) or "consensus" (BE).</summary>
    public required string ConsultationDecision { get; init; }
    public TimeSpan ReviewInterval { get; init; }
    /// <summary>Reviews after exit, e.g. 6 and 12 months for UK Channel.</summary>
    public IReadOnlyList<int> PostExitReviewMonths { get; init; } = [];
    /// <summary>Retention of consultation personal data after it was last processed.</summary>
    public int RetentionYearsAfterLastProcessing { get; init; }
    public required string RetentionSource { get; init; }
    /// <summary>Retention of a signal that led to no case, in months after it was last processed.</summary>
    public int RetentionMonthsSignalWithoutCase { get; init; } = 12;
    public string SignalRetentionSource { get; init; } = "Configurable";
    /// <summary>Whether the daily retention run may destroy due records itself, without the privacy officer's approval.</summary>
    public bool AutomaticDestruction { get; init; }
    /// <summary>
    /// Whether a partner added to a case may read what happened before they were added. False: a member sees the case
    /// from the moment they joined (need-to-know); the people who run the case always see all of it.
    /// </summary>
    public bool MembersSeeEarlierHistory { get; init; }
    /// <summary>The longest period an occasional partner may be added to a case for.</summary>
    public int OccasionalMembershipMaxDays { get; init; } = 90;
    /// <summary>Roles that may see structured assessment results (members of the case only; runners of the case always).</summary>
    public IReadOnlyList<string> AssessmentViewerRoles { get; init; } = [Security.Roles.ProcessCoordinator, Security.Roles.CaseDirector, Security.Roles.PartnerProfessional];
}

public static class NationalProfiles
{
    public static readonly NationalProfile NlPga = new()
    {
        Key = "NL-PGA", NameEn = "Netherlands — person-centred approach", NameNl = "Nederland — persoonsgerichte aanpak",
        DefaultLanguage = "nl",
        WeighingParties = ["municipality", "police", "public-prosecution"],
        WeighingOutcomes = ["no-action", "observe", "refer-care", "refer-police", "admit-case"],
        WeighingStepNameEn = "Weighing", WeighingStepNameNl = "Weging",
        MembersSeeEarlierHistory = false,
        WeighingNeedsFourEyes = true,
        ConsultationDecision = "chair",
        ReviewInterval = TimeSpan.FromDays(91),
        RetentionYearsAfterLastProcessing = 5,
        RetentionSource = "Convenant Zorg- en Veiligheidshuizen 2017 (configurable)",
        RetentionMonthsSignalWithoutCase = 12,
        SignalRetentionSource = "AVG art. 5 lid 1 onder e (opslagbeperking); termijn vastgesteld door de gemeente (configurable)",
    };

    public static readonly NationalProfile UkChannel = new()
    {
        Key = "UK-Channel", NameEn = "United Kingdom — Prevent/Channel", NameNl = "Verenigd Koninkrijk — Prevent/Channel",
        DefaultLanguage = "en",
        WeighingParties = ["police"],
        WeighingOutcomes = ["no-action", "refer-care", "refer-police", "admit-case"],
        WeighingStepNameEn = "Screening", WeighingStepNameNl = "Screening",
        MembersSeeEarlierHistory = true,
        WeighingNeedsFourEyes = false,
        ConsultationDecision = "chair",
        ReviewInterval = TimeSpan.FromDays(91),
        PostExitReviewMonths = [6, 12],
        RetentionYearsAfterLastProcessing = 6,
        RetentionSource = "Channel duty guidance (configurable)",
    };

    public static readonly NationalProfile BeLivcR = new()
    {
        Key = "BE-LIVC-R", NameEn = "Belgium — local integrated security cell", NameNl = "België — lokale integrale veiligheidscel",
        DefaultLanguage = "nl",
        WeighingParties = ["mayor", "police", "prevention-coordinator"],
        WeighingOutcomes = ["no-action", "observe", "refer-care", "refer-police", "admit-case"],
        WeighingStepNameEn = "Weighing", WeighingStepNameNl = "Weging",
        MembersSeeEarlierHistory = false,
        WeighingNeedsFourEyes = false,
        ConsultationDecision = "consensus",
        ReviewInterval = TimeSpan.FromDays(91),
        RetentionYearsAfterLastProcessing = 5,
        RetentionSource = "Wet LIVC-R 2018 (configurable)",
    };

    public static readonly NationalProfile DkInfoHouse = new()
    {
        Key = "DK-InfoHouse", NameEn = "Denmark — Info House", NameNl = "Denemarken — Info House",
        DefaultLanguage = "en",
        WeighingParties = ["police"],
        WeighingOutcomes = ["no-action", "refer-care", "refer-police", "admit-case"],
        WeighingStepNameEn = "Police check", WeighingStepNameNl = "Politiecheck",
        MembersSeeEarlierHistory = false,
        WeighingNeedsFourEyes = false,
        ConsultationDecision = "chair",
        ReviewInterval = TimeSpan.FromDays(91),
        RetentionYearsAfterLastProcessing = 5,
        RetentionSource = "Configurable",
    };

    public static readonly IReadOnlyList<NationalProfile> All = [NlPga, UkChannel, BeLivcR, DkInfoHouse];

    public static NationalProfile Get(string key) =>
        All.FirstOrDefault(p => p.Key == key) ?? throw new InvalidOperationException($"Unknown national profile '{key}'. Known: {string.Join(", ", All.Select(p => p.Key))}.");
}

public sealed class ProfileOptions
{
    public const string Section = "Profile";
    [Required] public string Key { get; set; } = "NL-PGA";
    public string? DefaultLanguage { get; set; }
    /// <summary>The municipality's own retention periods where they differ from the profile's (Profile:Retention:…).</summary>
    public RetentionOverrides Retention { get; set; } = new();
}

/// <summary>
/// Retention periods set by configuration instead of the profile's defaults. A period changed here must name its legal
/// source (the statutory text or the municipality's decision), which the privacy officer's page shows beside it.
/// </summary>
public sealed class RetentionOverrides
{
    [Range(1, 30)] public int? CaseYears { get; set; }
    public string? CaseSource { get; set; }
    [Range(1, 120)] public int? SignalMonths { get; set; }
    public string? SignalSource { get; set; }
    public bool? AutomaticDestruction { get; set; }

    public bool IsValid =>
        (CaseYears is null || !string.IsNullOrWhiteSpace(CaseSource)) && (SignalMonths is null || !string.IsNullOrWhiteSpace(SignalSource));
}
