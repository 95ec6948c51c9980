using Casus.Linkage.Normalisation;
using Casus.Linkage.Phonetics;

namespace Casus.Linkage.Tests.Normalisation;

public class NormalisingNamesTests
{
    [Theory]
    [InlineData("Özdemir", "ozdemir")]
    [InlineData("Łukasz Wiśniewski", "lukasz wisniewski")]
    [InlineData("Şahin Çelik", "sahin celik")]
    [InlineData("Erdoğan", "erdogan")]
    [InlineData("Yıldız", "yildiz")]
    [InlineData("El-Amrani", "el amrani")]
    [InlineData("van 't Hof", "van t hof")]
    [InlineData("J.W.", "j w")]
    [InlineData("  Zoë   Müller ", "zoe muller")]
    public void Folding_removes_case_diacritics_and_punctuation(string input, string expected) =>
        Assert.Equal(expected, TextFolding.Fold(input));

    [Theory]
    [InlineData(null, "van der Berg", "van der", "berg")]
    [InlineData("van der", "Berg", "van der", "berg")]
    [InlineData(null, "v.d. Berg", "vd", "berg")]
    [InlineData(null, "Berg", "", "berg")]
    [InlineData(null, "van 't Hof", "van t", "hof")]
    [InlineData(null, "de Jong", "de", "jong")]
    public void Dutch_prefixes_are_split_off_the_surname(string? prefix, string surname, string expectedPrefix, string expectedCore)
    {
        var parts = NameNormaliser.SplitSurname(prefix, surname);
        Assert.Equal(expectedPrefix, parts.Prefix);
        Assert.Equal(expectedCore, parts.Core);
    }

    [Theory]
    [InlineData("El Amrani")]
    [InlineData("El-Amrani")]
    [InlineData("Elamrani")]
    [InlineData("Al Amrani")]
    public void Arabic_article_variants_give_one_core(string surname) =>
        Assert.Equal("elamrani", NameNormaliser.SplitSurname(null, surname).Core);

    [Theory]
    [InlineData("mohammed", "muhammad")]
    [InlineData("mohamed", "muhammad")]
    [InlineData("mohamad", "muhammad")]
    [InlineData("youssef", "yusuf")]
    [InlineData("meijer", "meyer")]
    [InlineData("janssen", "jansen")]
    [InlineData("hendrickx", "hendriks")]
    public void Transliteration_and_spelling_variants_share_a_canonical_form(string a, string b) =>
        Assert.Equal(NameVariants.CanonicalWord(a), NameVariants.CanonicalWord(b));

    [Fact]
    public void Mehmet_is_a_near_variant_of_Muhammad_not_the_same_name()
    {
        var muhammad = NameVariants.CanonicalWord("muhammad");
        var mehmet = NameVariants.CanonicalWord("mehmet");
        Assert.NotEqual(muhammad, mehmet);
        Assert.True(NameVariants.AreNear(muhammad, mehmet));
    }

    [Fact]
    public void Nicknames_point_to_the_formal_name() =>
        Assert.Equal(NameVariants.CanonicalWord("cornelis"), NameVariants.FormalOf(NameVariants.CanonicalWord("kees")));

    [Theory]
    [InlineData("mohammed", "muhammad")]
    [InlineData("youssef", "joesoef")]
    [InlineData("khalid", "chalid")]
    [InlineData("kowalski", "kovalski")]
    [InlineData("ozturk", "oeztuerk")]
    [InlineData("berg", "bergh")]
    [InlineData("hussein", "huseyin")]
    public void The_phonetic_key_joins_spellings_that_sound_the_same(string a, string b) =>
        Assert.Equal(PhoneticKey.Compute(a), PhoneticKey.Compute(b));

    [Fact]
    public void The_phonetic_key_keeps_different_names_apart()
    {
        Assert.NotEqual(PhoneticKey.Compute("jansen"), PhoneticKey.Compute("bakker"));
        Assert.NotEqual(PhoneticKey.Compute("fatima"), PhoneticKey.Compute("khadija"));
    }
}
