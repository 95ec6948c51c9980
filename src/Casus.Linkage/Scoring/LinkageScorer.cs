using Casus.Linkage.Comparison;
using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Scoring;

/// <summary>Scores pairs of prepared records and explains the score. Thread-safe and allocation-free for scoring.</summary>
public sealed class LinkageScorer
{
    public LinkageScorer(LinkageWeights? weights = null, double threshold = LinkageDefaults.Threshold)
    {
        Weights = weights ?? LinkageWeights.Default;
        Threshold = threshold;
        // The most the names can add (the weights are read once here; they are not meant to change afterwards).
        _maxNames = Weights.GivenName.Max() + Weights.Surname.Max() + Math.Max(0, Weights.MiddleNames.Max()) + Math.Max(0, Weights.SurnamePrefixDiffers);
    }

    private readonly double _maxNames;

    public static LinkageScorer Default { get; } = new();

    public LinkageWeights Weights { get; }

    public double Threshold { get; }

    public double Score(PreparedPerson a, PreparedPerson b) => Score(ComparisonVector.Compare(a, b));

    /// <summary>Score with the name-frequency adjustment (common names weigh less, rare names more).</summary>
    public double Score(PreparedPerson a, PreparedPerson b, NameFrequencies? frequencies) =>
        Score(a, ComparisonVector.Compare(a, b), frequencies);

    private double Score(PreparedPerson a, in ComparisonVector v, NameFrequencies? frequencies)
    {
        var score = Score(v);
        if (frequencies is not null)
        {
            score += NameAdjustment(a, v, frequencies) + DateAdjustment(a, v, frequencies);
        }

        return score;
    }

    /// <summary>
    /// The score with the name-frequency adjustment when it reaches <paramref name="threshold"/>; false otherwise.
    /// Date of birth, national id and address are compared first, and when even the best possible names could not lift
    /// the pair to the threshold the names (the costly part) are not compared: in a batch most candidate pairs differ
    /// in date of birth. Gives the same links as <see cref="Score(PreparedPerson, PreparedPerson, NameFrequencies?)"/>.
    /// </summary>
    public bool TryScore(PreparedPerson a, PreparedPerson b, NameFrequencies? frequencies, double threshold, out double score)
    {
        var date = DateOfBirthComparison.Compare(a.DateOfBirth, b.DateOfBirth);
        var id = NationalIdComparison.Compare(a.NationalId, b.NationalId);
        var address = AddressComparison.Compare(a.Postcode, a.HouseNumber, b.Postcode, b.HouseNumber);
        var bound = Weights.DateOfBirth[(int)date] + Weights.NationalId[(int)id] + Weights.Address[(int)address] +
                    (IsUncorroborated(id, address) ? Weights.Uncorroborated : 0) + _maxNames;
        if (frequencies is not null)
        {
            bound += 2 * NameFrequencies.MaxAdjustment + (DateAdjusts(date) ? NameFrequencies.MaxYearAdjustment : 0);
        }

        if (bound < threshold)
        {
            score = bound;
            return false;
        }

        score = Score(a, ComparisonVector.Compare(a, b, date, id, address), frequencies);
        return score >= threshold;
    }

    private static double NameAdjustment(PreparedPerson a, in ComparisonVector v, NameFrequencies frequencies) =>
        !v.NamesSwapped && v.GivenName is Comparison.NameAgreement.Exact or Comparison.NameAgreement.Variant &&
        v.Surname is Comparison.NameAgreement.Exact or Comparison.NameAgreement.Variant
            ? frequencies.JointAdjustment(a)
            : GivenAdjustment(a, v, frequencies) + SurnameAdjustment(a, v, frequencies);

    private static double DateAdjustment(PreparedPerson a, in ComparisonVector v, NameFrequencies frequencies) =>
        DateAdjusts(v.DateOfBirth) ? frequencies.YearAdjustment(a.DateOfBirth.Year) : 0;

    /// <summary>The birth year's frequency counts only when the dates agree in some way.</summary>
    private static bool DateAdjusts(DateAgreement date) => date is not (DateAgreement.Missing or DateAgreement.Different);

    private static double GivenAdjustment(PreparedPerson a, in ComparisonVector v, NameFrequencies frequencies) =>
        !v.NamesSwapped && v.GivenName is Comparison.NameAgreement.Exact or Comparison.NameAgreement.Variant
            ? frequencies.GivenAdjustment(a.GivenCanonical)
            : 0;

    private static double SurnameAdjustment(PreparedPerson a, in ComparisonVector v, NameFrequencies frequencies) =>
        !v.NamesSwapped && v.Surname is Comparison.NameAgreement.Exact or Comparison.NameAgreement.Variant
            ? frequencies.SurnameAdjustment(a.SurnameCanonical)
            : 0;

    public double Score(in ComparisonVector v) =>
        Weights.GivenName[(int)v.GivenName] +
        Weights.Surname[(int)v.Surname] +
        Weights.DateOfBirth[(int)v.DateOfBirth] +
        Weights.NationalId[(int)v.NationalId] +
        Weights.Address[(int)v.Address] +
        Weights.MiddleNames[(int)v.MiddleNames] +
        (v.SurnamePrefixDiffers ? Weights.SurnamePrefixDiffers : 0) +
        (IsUncorroborated(v) ? Weights.Uncorroborated : 0);

    /// <summary>Neither the national id nor the address could be compared.</summary>
    public static bool IsUncorroborated(in ComparisonVector v) => IsUncorroborated(v.NationalId, v.Address);

    private static bool IsUncorroborated(IdAgreement id, AddressAgreement address) =>
        id == IdAgreement.Missing && address == AddressAgreement.Missing;

    public MatchExplanation Explain(PreparedPerson a, PreparedPerson b, NameFrequencies? frequencies = null)
    {
        var v = ComparisonVector.Compare(a, b);
        return frequencies is null
            ? Explain(v)
            : Explain(v, GivenAdjustment(a, v, frequencies), NameAdjustment(a, v, frequencies) - GivenAdjustment(a, v, frequencies),
                DateAdjustment(a, v, frequencies));
    }

    public MatchExplanation Explain(in ComparisonVector v, double givenAdjustment = 0, double surnameAdjustment = 0, double dateAdjustment = 0)
    {
        var reasons = new List<ScoreReason>(7);
        Add(reasons, LinkField.NationalId, v.NationalId switch
        {
            Comparison.IdAgreement.Exact => MatchReason.SameNationalId,
            Comparison.IdAgreement.Typo => MatchReason.NationalIdTypo,
            Comparison.IdAgreement.Different => MatchReason.DifferentNationalId,
            _ => MatchReason.None,
        }, Weights.NationalId[(int)v.NationalId]);
        Add(reasons, LinkField.GivenName, v.GivenName switch
        {
            Comparison.NameAgreement.Exact => MatchReason.SameGivenName,
            Comparison.NameAgreement.Variant => MatchReason.GivenNameVariant,
            Comparison.NameAgreement.Nickname => MatchReason.GivenNameNickname,
            Comparison.NameAgreement.Phonetic => MatchReason.GivenNamePhonetic,
            Comparison.NameAgreement.Typo => MatchReason.GivenNameTypo,
            Comparison.NameAgreement.Close or Comparison.NameAgreement.Similar => MatchReason.GivenNameSimilar,
            Comparison.NameAgreement.Initial => MatchReason.GivenNameInitial,
            Comparison.NameAgreement.Different => MatchReason.DifferentGivenName,
            _ => MatchReason.None,
        }, Weights.GivenName[(int)v.GivenName] + givenAdjustment);
        Add(reasons, LinkField.Surname, v.Surname switch
        {
            Comparison.NameAgreement.Exact => MatchReason.SameSurname,
            Comparison.NameAgreement.Variant when v.SurnamePrefixDiffers => MatchReason.SurnamePrefixVariant,
            Comparison.NameAgreement.Variant or Comparison.NameAgreement.Nickname => MatchReason.SurnameVariant,
            Comparison.NameAgreement.Phonetic => MatchReason.SurnamePhonetic,
            Comparison.NameAgreement.Typo => MatchReason.SurnameTypo,
            Comparison.NameAgreement.Close or Comparison.NameAgreement.Similar or Comparison.NameAgreement.Initial => MatchReason.SurnameSimilar,
            Comparison.NameAgreement.Different => MatchReason.DifferentSurname,
            _ => MatchReason.None,
        }, Weights.Surname[(int)v.Surname] + (v.SurnamePrefixDiffers ? Weights.SurnamePrefixDiffers : 0) + surnameAdjustment);
        Add(reasons, LinkField.GivenName, v.MiddleNames switch
        {
            Comparison.MiddleNameAgreement.Agree => MatchReason.SameMiddleNames,
            Comparison.MiddleNameAgreement.Different => MatchReason.DifferentMiddleNames,
            _ => MatchReason.None,
        }, Weights.MiddleNames[(int)v.MiddleNames]);
        if (v.NamesSwapped)
        {
            reasons.Add(new ScoreReason(LinkField.GivenName, MatchReason.NamesSwapped, 0));
        }

        Add(reasons, LinkField.DateOfBirth, v.DateOfBirth switch
        {
            Comparison.DateAgreement.Exact or Comparison.DateAgreement.FirstOfJanuary => MatchReason.SameDateOfBirth,
            Comparison.DateAgreement.DayMonthSwapped => MatchReason.DateOfBirthDayMonthSwapped,
            Comparison.DateAgreement.OneDigitTypo or Comparison.DateAgreement.DigitsTransposed => MatchReason.DateOfBirthTypo,
            Comparison.DateAgreement.Partial or Comparison.DateAgreement.PartialYearMonth or Comparison.DateAgreement.Placeholder => MatchReason.DateOfBirthPartial,
            Comparison.DateAgreement.Close => MatchReason.DateOfBirthClose,
            Comparison.DateAgreement.Different => MatchReason.DifferentDateOfBirth,
            _ => MatchReason.None,
        }, Weights.DateOfBirth[(int)v.DateOfBirth] + dateAdjustment);
        Add(reasons, LinkField.Address, v.Address switch
        {
            Comparison.AddressAgreement.SameAddress => MatchReason.SameAddress,
            Comparison.AddressAgreement.SamePostcode => MatchReason.SamePostcode,
            Comparison.AddressAgreement.Different => MatchReason.DifferentAddress,
            _ => MatchReason.None,
        }, Weights.Address[(int)v.Address]);
        if (IsUncorroborated(v) && Weights.Uncorroborated != 0)
        {
            reasons.Add(new ScoreReason(LinkField.Record, MatchReason.NoIdentifierOrAddress, Weights.Uncorroborated));
        }

        reasons.Sort((x, y) => Math.Abs(y.Weight).CompareTo(Math.Abs(x.Weight)));
        var score = Score(v) + givenAdjustment + surnameAdjustment + dateAdjustment;
        return new MatchExplanation(score, score >= Threshold, v, reasons);
    }

    private static void Add(List<ScoreReason> reasons, LinkField field, MatchReason reason, double weight)
    {
        if (reason != MatchReason.None)
        {
            reasons.Add(new ScoreReason(field, reason, weight));
        }
    }
}
