using Casus.Linkage.Comparison;
using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Scoring;

/// <summary>The agreement level of every field between two records: the input of scoring and of the reasons shown.</summary>
public readonly record struct ComparisonVector(
    NameAgreement GivenName,
    NameAgreement Surname,
    DateAgreement DateOfBirth,
    IdAgreement NationalId,
    AddressAgreement Address,
    bool SurnamePrefixDiffers,
    bool NamesSwapped,
    MiddleNameAgreement MiddleNames = MiddleNameAgreement.Missing)
{
    private static bool IsCrossAgreement(NameAgreement agreement) =>
        agreement is > NameAgreement.Missing and <= NameAgreement.Typo or NameAgreement.Initial;

    public static ComparisonVector Compare(PreparedPerson a, PreparedPerson b) =>
        Compare(a, b, DateOfBirthComparison.Compare(a.DateOfBirth, b.DateOfBirth), NationalIdComparison.Compare(a.NationalId, b.NationalId),
            AddressComparison.Compare(a.Postcode, a.HouseNumber, b.Postcode, b.HouseNumber));

    /// <summary>With the date, id and address levels already known (the scorer's early exit compares those first).</summary>
    internal static ComparisonVector Compare(PreparedPerson a, PreparedPerson b, DateAgreement date, IdAgreement id, AddressAgreement address)
    {
        var given = NameComparison.CompareGiven(a, b);
        var surname = NameComparison.CompareSurname(a, b, out var prefixDiffers);
        var swapped = false;
        if (given >= NameAgreement.Similar && surname >= NameAgreement.Similar &&
            given != NameAgreement.Initial && surname != NameAgreement.Missing)
        {
            // Given name and surname entered the other way round ("El Amrani Mohammed", "Vermeulen B.").
            var crossGiven = NameComparison.CompareGivenWithSurname(a, b);
            var crossSurname = IsCrossAgreement(crossGiven) ? NameComparison.CompareGivenWithSurname(b, a) : NameAgreement.Different;
            if (IsCrossAgreement(crossGiven) && IsCrossAgreement(crossSurname) &&
                !(crossGiven == NameAgreement.Initial && crossSurname == NameAgreement.Initial))
            {
                // An initial is always the given name's; the other comparison is then the surname's.
                (given, surname) = crossSurname == NameAgreement.Initial ? (NameAgreement.Initial, crossGiven)
                    : crossGiven == NameAgreement.Initial ? (NameAgreement.Initial, crossSurname)
                    : (crossGiven, crossSurname);
                prefixDiffers = false;
                swapped = true;
            }
        }

        return new ComparisonVector(
            given,
            surname,
            date,
            id,
            address,
            prefixDiffers,
            swapped,
            swapped ? MiddleNameAgreement.Missing : NameComparison.CompareMiddle(a, b));
    }
}
