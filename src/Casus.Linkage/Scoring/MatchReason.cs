namespace Casus.Linkage.Scoring;

/// <summary>
/// Why two records were (or were not) linked, one code per field agreement. The web application turns these into
/// localised text ("name variant", "day and month of birth swapped"); the library never produces UI text.
/// </summary>
public enum MatchReason
{
    None = 0,
    SameNationalId,
    NationalIdTypo,
    DifferentNationalId,
    SameGivenName,
    GivenNameVariant,
    GivenNameNickname,
    GivenNamePhonetic,
    GivenNameTypo,
    GivenNameSimilar,
    GivenNameInitial,
    DifferentGivenName,
    SameMiddleNames,
    DifferentMiddleNames,
    SameSurname,
    SurnameVariant,
    SurnamePrefixVariant,
    SurnamePhonetic,
    SurnameTypo,
    SurnameSimilar,
    DifferentSurname,
    NamesSwapped,
    SameDateOfBirth,
    DateOfBirthDayMonthSwapped,
    DateOfBirthTypo,
    DateOfBirthPartial,
    DateOfBirthClose,
    DifferentDateOfBirth,
    SameAddress,
    SamePostcode,
    DifferentAddress,
    /// <summary>Neither a national id nor an address could be compared: only names and date of birth speak.</summary>
    NoIdentifierOrAddress,
}

/// <summary>The fields compared.</summary>
public enum LinkField
{
    GivenName = 0,
    Surname,
    DateOfBirth,
    NationalId,
    Address,
    /// <summary>The pair as a whole (for example: no identifier or address to compare).</summary>
    Record,
}

/// <summary>One field's contribution to a score.</summary>
public readonly record struct ScoreReason(LinkField Field, MatchReason Reason, double Weight);

/// <summary>A score with its reasons, strongest contribution first.</summary>
public sealed record MatchExplanation(double Score, bool IsMatch, ComparisonVector Vector, IReadOnlyList<ScoreReason> Reasons)
{
    public bool Has(MatchReason reason) => Reasons.Any(r => r.Reason == reason);
}
