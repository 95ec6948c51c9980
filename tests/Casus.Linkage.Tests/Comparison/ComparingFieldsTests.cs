using Casus.Linkage.Comparison;

namespace Casus.Linkage.Tests.Comparison;

public class ComparingFieldsTests
{
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.813)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.896)]
    [InlineData("martha", "marhta", 0.961)]
    [InlineData("dwayne", "duane", 0.840)]
    [InlineData("dixon", "dicksonx", 0.813)]
    [InlineData("jellyfish", "smellyfish", 0.896)]
    public void Jaro_Winkler_gives_the_published_values(string a, string b, double expected)
    {
        Assert.Equal(expected, JaroWinkler.Similarity(a, b), 3);
        Assert.Equal(expected, JaroWinkler.Similarity(b, a), 3);
    }

    [Fact]
    public void Jaro_Winkler_of_identical_and_disjoint_strings()
    {
        Assert.Equal(1.0, JaroWinkler.Similarity("berg", "berg"));
        Assert.Equal(0.0, JaroWinkler.Similarity("abc", "xyz"));
        Assert.Equal(0.0, JaroWinkler.Similarity("", "abc"));
    }

    [Fact]
    public void Jaro_Winkler_is_the_same_on_the_letter_mask_path_and_the_scanning_path()
    {
        var random = new Random(5);
        for (var n = 0; n < 2000; n++)
        {
            var a = new string(Enumerable.Range(0, random.Next(1, 14)).Select(_ => (char)('a' + random.Next(6))).ToArray());
            var b = new string(Enumerable.Range(0, random.Next(1, 14)).Select(_ => (char)('a' + random.Next(6))).ToArray());
            // A trailing character outside a–z sends the comparison down the scanning path.
            var scanned = JaroWinkler.Jaro(a + "#", b + "#");
            var masked = JaroWinkler.Jaro(a + "z", b + "z");
            Assert.Equal(scanned, masked, 12);
        }
    }

    [Fact]
    public void Jaro_Winkler_handles_strings_longer_than_64_characters()
    {
        var a = new string('a', 70) + "berg";
        var b = new string('a', 70) + "burg";
        Assert.InRange(JaroWinkler.Similarity(a, b), 0.95, 1.0);
    }

    [Theory]
    [InlineData("111222333", true)]
    [InlineData("123456782", true)]
    [InlineData("1234.56.782", true)]
    [InlineData("123456781", false)]
    [InlineData("12345678", false)]
    [InlineData("000000000", false)]
    [InlineData("", false)]
    public void The_BSN_eleven_test(string bsn, bool valid) => Assert.Equal(valid, NationalIdComparison.IsValidBsn(bsn));

    [Fact]
    public void National_ids_agree_exactly_by_typo_or_not_at_all()
    {
        Assert.Equal(IdAgreement.Exact, NationalIdComparison.Compare("123456782", "123456782"));
        Assert.Equal(IdAgreement.Typo, NationalIdComparison.Compare("123456782", "123456789"));
        Assert.Equal(IdAgreement.Typo, NationalIdComparison.Compare("123456782", "213456782"));
        Assert.Equal(IdAgreement.Different, NationalIdComparison.Compare("123456782", "111222333"));
        Assert.Equal(IdAgreement.Missing, NationalIdComparison.Compare(null, "111222333"));
    }

    [Fact]
    public void Dates_of_birth_recognise_swaps_typos_and_partial_dates()
    {
        Assert.Equal(DateAgreement.Exact, DateOfBirthComparison.Compare(new(1990, 3, 11), new(1990, 3, 11)));
        Assert.Equal(DateAgreement.DayMonthSwapped, DateOfBirthComparison.Compare(new(1990, 3, 11), new(1990, 11, 3)));
        Assert.Equal(DateAgreement.DigitsTransposed, DateOfBirthComparison.Compare(new(1987, 3, 11), new(1978, 3, 11)));
        Assert.Equal(DateAgreement.DigitsTransposed, DateOfBirthComparison.Compare(new(1990, 3, 12), new(1990, 3, 21)));
        Assert.Equal(DateAgreement.OneDigitTypo, DateOfBirthComparison.Compare(new(1990, 3, 14), new(1990, 3, 15)));
        Assert.Equal(DateAgreement.Partial, DateOfBirthComparison.Compare(new(1990), new(1990, 3, 11)));
        Assert.Equal(DateAgreement.PartialYearMonth, DateOfBirthComparison.Compare(new(1990, 3), new(1990, 3, 11)));
        Assert.Equal(DateAgreement.Placeholder, DateOfBirthComparison.Compare(new(1990, 1, 1, Unsure: true), new(1990, 6, 20)));
        Assert.Equal(DateAgreement.Close, DateOfBirthComparison.Compare(new(1991, 0, 0, Unsure: true), new(1990, 6, 20)));
        Assert.Equal(DateAgreement.Different, DateOfBirthComparison.Compare(new(1990, 6, 20), new(1975, 2, 1)));
        Assert.Equal(DateAgreement.Missing, DateOfBirthComparison.Compare(PartialDate.Unknown, new(1975, 2, 1)));
    }

    [Fact]
    public void A_typing_error_is_one_edit_and_a_name_that_extends_another_is_only_close()
    {
        Assert.True(JaroWinkler.Similarity("demir", "demirci") >= NameComparison.TypoSimilarity);
        Assert.Equal(NameAgreement.Close, NameComparison.CompareSurname(Person.Prepared("Derya", "Demir"), Person.Prepared("Derya", "Demirci"), out _));
        Assert.Equal(NameAgreement.Typo, NameComparison.CompareSurname(Person.Prepared("Derya", "Oosterbroek"), Person.Prepared("Derya", "Oostervroek"), out _));
        Assert.Equal(NameAgreement.Typo, NameComparison.CompareGiven(Person.Prepared("Annemarie", "Bos"), Person.Prepared("Annelarie", "Bos")));
        Assert.Equal(NameAgreement.Close, NameComparison.CompareGiven(Person.Prepared("Annemarie", "Bos"), Person.Prepared("Annemarieke", "Bos")));
    }

    [Fact]
    public void A_first_of_january_placeholder_is_its_own_level_and_never_an_estimate()
    {
        // Two 1 January dates of one year agree as registrations do, whether marked unsure or not.
        Assert.Equal(DateAgreement.FirstOfJanuary, DateOfBirthComparison.Compare(new(1990, 1, 1), new(1990, 1, 1)));
        Assert.Equal(DateAgreement.FirstOfJanuary, DateOfBirthComparison.Compare(new(1990, 1, 1, Unsure: true), new(1990, 1, 1)));
        Assert.Equal(DateAgreement.FirstOfJanuary, DateOfBirthComparison.Compare(new(1990, 1, 1, Unsure: true), new(1990, 1, 1, Unsure: true)));
        Assert.Equal(DateAgreement.Exact, DateOfBirthComparison.Compare(new(1990, 1, 2), new(1990, 1, 2)));
        // A placeholder against another date of its year agrees on the year only; a year written alone is Partial.
        Assert.Equal(DateAgreement.Placeholder, DateOfBirthComparison.Compare(new(1990, 6, 20), new(1990, 1, 1, Unsure: true)));
        Assert.Equal(DateAgreement.Partial, DateOfBirthComparison.Compare(new(1990, 1, 1, Unsure: true), new(1990)));
        // Only an estimate may be a year or two off: not a placeholder, not a known month that differs.
        Assert.Equal(DateAgreement.Different, DateOfBirthComparison.Compare(new(1991, 1, 1, Unsure: true), new(1990, 6, 20)));
        Assert.Equal(DateAgreement.Different, DateOfBirthComparison.Compare(new(1990, 4), new(1990, 6, 20)));
        Assert.Equal(DateAgreement.Close, DateOfBirthComparison.Compare(new(1992), new(1990, 6, 20)));
        Assert.Equal(DateAgreement.Close, DateOfBirthComparison.Compare(new(1990, 6, 20), new(1989, 6, 2, Unsure: true)));
    }

    [Fact]
    public void Addresses_compare_on_normalised_postcode_and_house_number()
    {
        var postcode = AddressComparison.NormalisePostcode("1234 ab");
        Assert.Equal("1234AB", postcode);
        Assert.Equal(AddressAgreement.SameAddress, AddressComparison.Compare(postcode, "12", "1234AB", "12"));
        Assert.Equal(AddressAgreement.SameAddress, AddressComparison.Compare(postcode, "12", "1234AB", AddressComparison.NormaliseHouseNumber("12-A")));
        Assert.Equal(AddressAgreement.SamePostcode, AddressComparison.Compare(postcode, "12", "1234AB", "14"));
        Assert.Equal(AddressAgreement.Different, AddressComparison.Compare(postcode, "12", "9999ZZ", "12"));
    }

    [Theory]
    [InlineData("said", "aaid", true)]
    [InlineData("stijn", "stihn", true)]
    [InlineData("mulder", "mulsder", true)]
    [InlineData("bram", "barm", true)]
    [InlineData("bram", "bart", false)]
    public void One_edit_apart_catches_typing_errors(string a, string b, bool expected) =>
        Assert.Equal(expected, NameComparison.OneEditApart(a, b));
}
