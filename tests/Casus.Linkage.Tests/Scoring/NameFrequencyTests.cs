using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;
using static Casus.Linkage.Tests.Person;

namespace Casus.Linkage.Tests.Scoring;

/// <summary>How common a name, a combination of names or a birth year is changes what agreeing on it is worth.</summary>
public class NameFrequencyTests
{
    [Fact]
    public void A_given_name_and_surname_that_go_together_weigh_less_than_their_separate_frequencies_say()
    {
        // 40 persons called Serkan Erdogan among 2,000 others with names of their own: apart, Serkan and Erdogan are
        // each 2% of the population, but every Serkan is an Erdogan, so agreeing on both says little more than on one.
        var persons = Population(2_000, i => ("G" + Letters(i), "S" + Letters(i), Born(1970 + (i % 40), 1 + (i % 12), 1 + (i % 28))))
            .Concat(Enumerable.Range(0, 40).Select(i => Prepared("Serkan", "Erdogan", Born(1980 + i, 3, 3))))
            .ToList();
        var frequencies = NameFrequencies.From(persons);
        var serkan = persons[^1];

        var separate = frequencies.GivenAdjustment(serkan.GivenCanonical) + frequencies.SurnameAdjustment(serkan.SurnameCanonical);
        Assert.True(frequencies.JointAdjustment(serkan) < separate - 3, $"joint {frequencies.JointAdjustment(serkan)}, separate {separate}");
    }

    [Fact]
    public void A_combination_borne_only_by_the_pair_itself_keeps_its_separate_adjustments()
    {
        var persons = Population(2_000, i => ("G" + Letters(i), "S" + Letters(i), Born(1970 + (i % 40), 1 + (i % 12), 1 + (i % 28))))
            .Concat([Prepared("Serkan", "Erdogan", Born(1980, 3, 3)), Prepared("Serkan", "Erdogan", Born(1980, 3, 3))])
            .ToList();
        var frequencies = NameFrequencies.From(persons);
        var serkan = persons[^1];

        Assert.Equal(
            frequencies.GivenAdjustment(serkan.GivenCanonical) + frequencies.SurnameAdjustment(serkan.SurnameCanonical),
            frequencies.JointAdjustment(serkan), 9);
    }

    [Fact]
    public void Agreeing_on_a_date_of_birth_in_a_crowded_birth_year_weighs_less_than_in_a_sparse_one()
    {
        // Signals mostly concern young people: many share a birth year.
        var persons = Population(2_000, i => ("G" + Letters(i), "S" + Letters(i), i < 1_800 ? Born(2010, 1 + (i % 12), 1 + (i % 28)) : Born(1940 + (i % 40), 5, 5)));
        var frequencies = NameFrequencies.From(persons);

        Assert.True(frequencies.YearAdjustment(2010) < 0);
        Assert.True(frequencies.YearAdjustment(1960) > 0);
        Assert.InRange(frequencies.YearAdjustment(1960), 0, NameFrequencies.MaxYearAdjustment);

        var scorer = LinkageScorer.Default;
        var young = scorer.Score(Prepared("Lotte", "Kramer", Born(2010, 6, 6)), Prepared("Lotte", "Kramer", Born(2010, 6, 6)), frequencies);
        var older = scorer.Score(Prepared("Lotte", "Kramer", Born(1960, 6, 6)), Prepared("Lotte", "Kramer", Born(1960, 6, 6)), frequencies);
        Assert.True(young < older);
    }

    private static IEnumerable<PreparedPerson> Population(int count, Func<int, (string Given, string Surname, PartialDate Born)> person) =>
        Enumerable.Range(0, count).Select(i => person(i)).Select(p => Prepared(p.Given, p.Surname, p.Born));

    /// <summary>A distinct run of letters per number (names are compared as letters only).</summary>
    private static string Letters(int i)
    {
        var s = "";
        do
        {
            s = (char)('a' + (i % 26)) + s;
            i /= 26;
        }
        while (i > 0);

        return "x" + s + "o";
    }
}
