using Casus.Linkage.Comparison;
using Casus.Linkage.Phonetics;

namespace Casus.Linkage.Normalisation;

/// <summary>
/// A <see cref="PersonRecord"/> with every comparison form computed once: folded, canonical and phonetic names,
/// split surname, normalised identifiers. Lives in memory only, like the decrypted record it came from.
/// </summary>
public sealed class PreparedPerson
{
    private PreparedPerson(PersonRecord record)
    {
        Record = record;
    }

    public PersonRecord Record { get; }

    /// <summary>All given names folded: "jan willem".</summary>
    public string GivenWritten { get; private init; } = "";

    /// <summary>First given name folded: "jan".</summary>
    public string GivenFirst { get; private init; } = "";

    /// <summary>Given names joined: "janwillem", "abdelkader".</summary>
    public string GivenJoined { get; private init; } = "";

    /// <summary>Canonical forms of the further given names ("willem" for "Jan Willem"), space-separated; "" when none.</summary>
    public string GivenOthers { get; private init; } = "";

    /// <summary>Canonical first given name (variant table, then Dutch spelling).</summary>
    public string GivenCanonical { get; private init; } = "";

    /// <summary>Formal name's canonical form when the first given name is a nickname, else null.</summary>
    public string? GivenFormal { get; private init; }

    public string GivenPhonetic { get; private init; } = "";

    /// <summary>Near-variant group of the first given name (Muhammad with Mehmet), or −1.</summary>
    public int GivenNearGroup { get; private init; } = -1;

    /// <summary>Comparison form of all given names joined, for records with given name and surname exchanged.</summary>
    public string GivenJoinedCanonical { get; private init; } = "";

    /// <summary>Only an initial was recorded ("J.", "J.W.").</summary>
    public bool GivenIsInitial { get; private init; }

    /// <summary>Prefix and surname as written, folded: "van der berg", "el amrani".</summary>
    public string SurnameWritten { get; private init; } = "";

    public string SurnamePrefix { get; private init; } = "";

    /// <summary>Core surname, one word: "berg", "elamrani".</summary>
    public string SurnameCore { get; private init; } = "";

    /// <summary>Prefix and core as one word: "vanderberg" (matches a record written "Vanderberg").</summary>
    public string SurnameJoined { get; private init; } = "";

    public string SurnameCanonical { get; private init; } = "";

    public string SurnamePhonetic { get; private init; } = "";

    /// <summary>Near-variant group of the surname, or −1.</summary>
    public int SurnameNearGroup { get; private init; } = -1;

    public PartialDate DateOfBirth { get; private init; }

    public string? NationalId { get; private init; }

    public string? Postcode { get; private init; }

    public string? HouseNumber { get; private init; }

    public bool HasGiven => GivenFirst.Length > 0;

    public bool HasSurname => SurnameCore.Length > 0;

    public static PreparedPerson Prepare(PersonRecord record)
    {
        var givenWritten = TextFolding.Fold(record.GivenNames);
        var givenTokens = givenWritten.Length == 0 ? [] : givenWritten.Split(' ');
        var first = givenTokens.Length > 0 ? TextFolding.LettersOnly(givenTokens[0]) : "";
        var isInitial = givenTokens.Length > 0 && givenTokens.All(t => t.Length == 1);
        var givenCanonical = first.Length == 0 ? "" : NameVariants.CanonicalWord(first);
        var surname = NameNormaliser.SplitSurname(record.SurnamePrefix, record.Surname);
        var surnameCanonical = surname.Core.Length == 0 ? "" : NameVariants.CanonicalWord(surname.Core);
        return new PreparedPerson(record)
        {
            GivenWritten = givenWritten,
            GivenFirst = first,
            GivenJoined = TextFolding.LettersOnly(givenWritten),
            GivenOthers = isInitial || givenTokens.Length < 2 ? "" : string.Join(' ', givenTokens.Skip(1).Select(NameVariants.CanonicalWord)),
            GivenCanonical = givenCanonical,
            GivenFormal = givenCanonical.Length == 0 ? null : NameVariants.FormalOf(givenCanonical),
            GivenPhonetic = givenCanonical.Length == 0 ? "" : PhoneticKey.Compute(givenCanonical),
            GivenIsInitial = isInitial,
            GivenNearGroup = givenCanonical.Length == 0 ? -1 : NameVariants.NearGroup(givenCanonical),
            GivenJoinedCanonical = givenWritten.Length == 0 ? "" : NameVariants.CanonicalWord(TextFolding.LettersOnly(givenWritten)),
            SurnameNearGroup = surnameCanonical.Length == 0 ? -1 : NameVariants.NearGroup(surnameCanonical),
            SurnameWritten = surname.Written,
            SurnamePrefix = surname.Prefix,
            SurnameCore = surname.Core,
            SurnameJoined = TextFolding.LettersOnly(surname.Prefix) + surname.Core,
            SurnameCanonical = surnameCanonical,
            SurnamePhonetic = surnameCanonical.Length == 0 ? "" : PhoneticKey.Compute(surnameCanonical),
            DateOfBirth = Sanitise(record.DateOfBirth),
            NationalId = NationalIdComparison.Normalise(record.NationalId),
            Postcode = AddressComparison.NormalisePostcode(record.Postcode),
            HouseNumber = AddressComparison.NormaliseHouseNumber(record.HouseNumber),
        };
    }

    private static PartialDate Sanitise(PartialDate d)
    {
        if (d.Year is < 1000 or > 9999)
        {
            return PartialDate.Unknown;
        }

        var month = d.Month is >= 1 and <= 12 ? d.Month : 0;
        var day = d.Day is >= 1 and <= 31 ? d.Day : 0;
        return new PartialDate(d.Year, month, day, d.Unsure);
    }
}
