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
    public static ComparisonVector Compare(PreparedPerson a, PreparedPerson b)
    {
        var given = NameComparison.CompareGiven(a, b);
        var surname = NameComparison.CompareSurname(a, b, out var prefixDiffers);
        var swapped = false;
        if (given >= NameAgreement.Similar && surname >= NameAgreement.Similar &&
            given != NameAgreement.Initial && surname != NameAgreement.Missing)
        {
            // Given name and surname entered the other way round ("El Amrani Mohammed").
            var crossGiven = NameComparison.CompareCross(a.GivenJoined, a.GivenJoinedCanonical, b.SurnameCore, b.SurnameCanonical);
            var crossSurname = crossGiven is > NameAgreement.Missing and <= NameAgreement.Typo
                ? NameComparison.CompareCross(a.SurnameCore, a.SurnameCanonical, b.GivenJoined, b.GivenJoinedCanonical)
                : NameAgreement.Different;
            if (crossGiven is > NameAgreement.Missing and <= NameAgreement.Typo && crossSurname is > NameAgreement.Missing and <= NameAgreement.Typo)
            {
                given = crossGiven;
                surname = crossSurname;
                prefixDiffers = false;
                swapped = true;
            }
        }

        return new ComparisonVector(
            given,
            surname,
            DateOfBirthComparison.Compare(a.DateOfBirth, b.DateOfBirth),
            NationalIdComparison.Compare(a.NationalId, b.NationalId),
            AddressComparison.Compare(a.Postcode, a.HouseNumber, b.Postcode, b.HouseNumber),
            prefixDiffers,
            swapped,
            swapped ? MiddleNameAgreement.Missing : NameComparison.CompareMiddle(a, b));
    }
}
