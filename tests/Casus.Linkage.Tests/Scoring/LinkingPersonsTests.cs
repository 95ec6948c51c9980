using Casus.Linkage.Scoring;
using static Casus.Linkage.Tests.Person;

namespace Casus.Linkage.Tests.Scoring;

/// <summary>What a coordinator notices: who is recognised as the same person, and the reasons given.</summary>
public class LinkingPersonsTests
{
    private readonly LinkageScorer _scorer = LinkageScorer.Default;

    [Fact]
    public void Mohammed_El_Amrani_and_Muhammad_Elamrani_are_the_same_person_by_name_variants()
    {
        var explanation = _scorer.Explain(
            Prepared("Mohammed", "El Amrani", Born(1998, 4, 17)),
            Prepared("Muhammad", "Elamrani", Born(1998, 4, 17)));

        Assert.True(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.GivenNameVariant));
        Assert.True(explanation.Has(MatchReason.SurnameVariant));
        Assert.True(explanation.Has(MatchReason.SameDateOfBirth));
    }

    [Fact]
    public void Mehmet_and_Mohammed_are_related_forms_not_the_same_spelling()
    {
        var explanation = _scorer.Explain(
            Prepared("Mehmet", "Yilmaz", Born(2001, 9, 2)),
            Prepared("Mohammed", "Yılmaz", Born(2001, 9, 2)));

        Assert.True(explanation.Has(MatchReason.GivenNamePhonetic));
        Assert.False(explanation.Has(MatchReason.GivenNameVariant));
    }

    [Fact]
    public void Jan_van_der_Berg_and_J_van_den_Berg_with_the_same_date_of_birth_match_by_initial_and_prefix_variant()
    {
        var explanation = _scorer.Explain(
            Prepared("Jan", "van der Berg", Born(1985, 6, 30)),
            Prepared("J.", "Berg", Born(1985, 6, 30), prefix: "van den"));

        Assert.True(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.GivenNameInitial));
        Assert.True(explanation.Has(MatchReason.SurnamePrefixVariant));
    }

    [Fact]
    public void J_van_den_Berg_without_a_date_of_birth_is_not_enough()
    {
        var explanation = _scorer.Explain(
            Prepared("Jan", "van der Berg", Born(1985, 6, 30)),
            Prepared("J.", "van den Berg"));

        Assert.False(explanation.IsMatch);
    }

    [Fact]
    public void Day_and_month_swapped_in_the_date_of_birth_is_recognised()
    {
        var explanation = _scorer.Explain(
            Prepared("Fatima", "Bouzid", Born(2003, 5, 9)),
            Prepared("Fatima", "Bouzid", Born(2003, 9, 5)));

        Assert.True(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.DateOfBirthDayMonthSwapped));
    }

    [Fact]
    public void Different_people_with_the_same_common_name_and_different_dates_of_birth_do_not_match()
    {
        var explanation = _scorer.Explain(
            Prepared("Mohamed", "Amrani", Born(1995, 2, 14)),
            Prepared("Mohamed", "Amrani", Born(1989, 11, 30)));

        Assert.False(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.DifferentDateOfBirth));
    }

    [Fact]
    public void The_same_national_id_wins_over_a_different_spelling_and_a_missing_date()
    {
        var explanation = _scorer.Explain(
            Prepared("Youssef", "Benali", nationalId: "123456782"),
            Prepared("Joesoef", "Ben Ali", Born(1999, 1, 12), nationalId: "1234.56.782"));

        Assert.True(explanation.IsMatch);
        Assert.Equal(MatchReason.SameNationalId, explanation.Reasons[0].Reason);
    }

    [Fact]
    public void A_different_national_id_keeps_namesakes_apart()
    {
        var explanation = _scorer.Explain(
            Prepared("Jan", "de Jong", Born(2000, 1, 5), nationalId: "123456782"),
            Prepared("Jan", "de Jong", Born(2000, 1, 5), nationalId: "111222333"));

        Assert.True(explanation.Has(MatchReason.DifferentNationalId));
        Assert.True(explanation.Score < LinkageScorer.Default.Score(
            Prepared("Jan", "de Jong", Born(2000, 1, 5)), Prepared("Jan", "de Jong", Born(2000, 1, 5))));
    }

    [Fact]
    public void Twins_at_one_address_are_not_linked()
    {
        var explanation = _scorer.Explain(
            Prepared("Hafsa", "Haddouchi", Born(2008, 3, 31), postcode: "1786 VF", houseNumber: "15"),
            Prepared("Rachid", "Haddouchi", Born(2008, 3, 31), postcode: "1786VF", houseNumber: "15"));

        Assert.False(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.SameAddress));
        Assert.True(explanation.Has(MatchReason.DifferentGivenName));
    }

    [Fact]
    public void Given_name_and_surname_entered_the_other_way_round_still_match()
    {
        var explanation = _scorer.Explain(
            Prepared("Ibrahim", "El Khatib", Born(1973, 7, 24)),
            Prepared("El Khatib", "Ibrahim", Born(1973, 7, 24)));

        Assert.True(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.NamesSwapped));
    }

    [Fact]
    public void A_typing_error_in_the_surname_is_tolerated()
    {
        var explanation = _scorer.Explain(
            Prepared("Tess", "Mulder", Born(2000, 7, 18)),
            Prepared("Tess", "Mulsder", Born(2000, 7, 18)));

        Assert.True(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.SurnameTypo));
    }

    [Fact]
    public void Reasons_are_ordered_by_how_much_they_weigh()
    {
        var reasons = _scorer.Explain(
            Prepared("Kees", "Visser", Born(1970, 12, 1), nationalId: "123456782"),
            Prepared("Cornelis", "Visser", Born(1970, 12, 1), nationalId: "123456782")).Reasons;

        Assert.Contains(reasons, r => r.Reason == MatchReason.GivenNameNickname);
        Assert.Equal(reasons.OrderByDescending(r => Math.Abs(r.Weight)).Select(r => r.Reason), reasons.Select(r => r.Reason));
    }

    [Fact]
    public void Given_name_and_surname_exchanged_with_the_given_name_as_an_initial_still_match()
    {
        var explanation = _scorer.Explain(
            Prepared("Bas", "Vermeulen", Born(1972, 8, 11)),
            Prepared("Vermeulen", "B.", Born(1972, 8, 11)));

        Assert.True(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.NamesSwapped));
        Assert.True(explanation.Has(MatchReason.GivenNameInitial));
    }

    [Fact]
    public void Given_names_and_surname_exchanged_when_only_the_first_given_name_moved_and_the_surname_has_a_typo()
    {
        var explanation = _scorer.Explain(
            Prepared("Sandra Renske", "Oosterheuvel", Born(2011, 4, 1)),
            Prepared("Josterheuvel", "Sandra", Born(2011, 4, 1)));

        Assert.True(explanation.IsMatch);
        Assert.True(explanation.Has(MatchReason.NamesSwapped));
        Assert.True(explanation.Has(MatchReason.SurnameTypo));
    }

    [Fact]
    public void Different_names_are_not_taken_for_exchanged_ones()
    {
        var explanation = _scorer.Explain(
            Prepared("Bas", "Vermeulen", Born(1972, 8, 11)),
            Prepared("Kees", "Bakker", Born(1972, 8, 11)));

        Assert.False(explanation.Has(MatchReason.NamesSwapped));
        Assert.False(explanation.IsMatch);
    }

    [Fact]
    public void Names_and_date_of_birth_alone_must_clear_a_higher_bar_than_with_a_national_id_or_address()
    {
        var alone = _scorer.Explain(Prepared("Jan", "de Jong", Born(2000, 1, 5)), Prepared("Jan", "de Jong", Born(2000, 1, 5)));
        var withAddress = _scorer.Explain(
            Prepared("Jan", "de Jong", Born(2000, 1, 5), postcode: "1234 AB", houseNumber: "1"),
            Prepared("Jan", "de Jong", Born(2000, 1, 5), postcode: "9999 ZZ", houseNumber: "2"));

        Assert.True(alone.Has(MatchReason.NoIdentifierOrAddress));
        Assert.True(LinkageWeights.Default.Uncorroborated < 0);
        Assert.Contains(alone.Reasons, r => r.Reason == MatchReason.NoIdentifierOrAddress && r.Weight == LinkageWeights.Default.Uncorroborated);
        Assert.False(withAddress.Has(MatchReason.NoIdentifierOrAddress));
        Assert.Equal(
            LinkageWeights.Default.GivenName[1] + LinkageWeights.Default.Surname[1] + LinkageWeights.Default.DateOfBirth[1] + LinkageWeights.Default.Uncorroborated,
            alone.Score, 6);
    }
}
