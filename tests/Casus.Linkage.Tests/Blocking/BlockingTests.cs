using Casus.Linkage.Blocking;
using Casus.Linkage.Dedup;
using Casus.Linkage.Normalisation;
using static Casus.Linkage.Tests.Person;

namespace Casus.Linkage.Tests.Blocking;

public class BlockingTests
{
    [Fact]
    public void Blocking_puts_the_true_pair_together_and_strangers_apart()
    {
        var persons = new[]
        {
            Prepared("Mohammed", "El Amrani", Born(1998, 4, 17)),
            Prepared("Muhammad", "Elamrani", Born(1998, 4, 17)),
            Prepared("Sanne", "de Vries", Born(1975, 8, 2)),
            Prepared("Piotr", "Kowalski", Born(1990, 1, 20)),
        };

        var pairs = Pairs(persons);

        Assert.Contains((0, 1), pairs);
        Assert.DoesNotContain((0, 2), pairs);
        Assert.DoesNotContain((2, 3), pairs);
    }

    [Fact]
    public void A_swapped_day_and_month_and_a_mistyped_surname_still_share_a_block()
    {
        var pairs = Pairs([Prepared("Fatima", "Bouzid", Born(2003, 5, 9)), Prepared("Fatima", "Bouzdi", Born(2003, 9, 5))]);
        Assert.Contains((0, 1), pairs);
    }

    [Fact]
    public void A_surname_mistyped_at_its_first_letter_with_a_mistyped_birth_year_still_shares_a_block()
    {
        // Only the given name and the day and month survive: the given name + day/month key brings them together.
        var persons = new[] { Prepared("Eeva", "Kuijpers", Born(1965, 12, 12)), Prepared("Eeva", "Uijpers", Born(1956, 12, 12)) };
        Assert.Contains((0, 1), Pairs(persons));
        Assert.Contains(BlockingKeys.For(persons[0]), k => k.Kind == BlockingKeyKind.GivenDayMonth);
    }

    [Fact]
    public void A_surname_mistyped_at_its_first_letter_with_a_mistyped_day_still_shares_a_block()
    {
        // Only the given name and the year survive: the given name + year key brings them together.
        var persons = new[] { Prepared("Maud", "Breedveld", Born(1988, 9, 12)), Prepared("Maud", "Rbeedveld", Born(1988, 9, 21)) };
        Assert.Contains((0, 1), Pairs(persons));
        Assert.Contains(BlockingKeys.For(persons[0]), k => k.Kind == BlockingKeyKind.GivenYear && k.Value.EndsWith("|1988", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_are_plain_normalised_strings_that_the_hmac_hasher_hides()
    {
        var keys = BlockingKeys.For(Of("Jan", "van der Berg", Born(1985, 6, 30), nationalId: "123456782", postcode: "1234 AB", houseNumber: "12"));
        Assert.Contains(keys, k => k.Kind == BlockingKeyKind.NationalId && k.Value == "id|123456782");
        Assert.Contains(keys, k => k.Kind == BlockingKeyKind.Address && k.Value == "ad|1234AB|12");

        var hasher = new HmacBlockingKeyHasher(new byte[32]);
        var hashed = hasher.Hash("id|123456782");
        Assert.Equal(hashed, hasher.Hash("id|123456782"));
        Assert.DoesNotContain("123456782", hashed, StringComparison.Ordinal);
        Assert.Equal(22, hashed.Length);
        Assert.NotEqual(hashed, new HmacBlockingKeyHasher(Enumerable.Repeat((byte)1, 32).ToArray()).Hash("id|123456782"));
    }

    [Fact]
    public void The_hmac_hasher_refuses_short_keys() =>
        Assert.Throws<ArgumentException>(() => new HmacBlockingKeyHasher(new byte[16]));

    private static HashSet<(int, int)> Pairs(PreparedPerson[] persons)
    {
        var candidates = new CandidatePairs(persons, IdentityBlockingKeyHasher.Instance, 1000);
        var pairs = new HashSet<(int, int)>();
        for (var block = 0; block < candidates.BlockCount; block++)
        {
            candidates.VisitBlock(block, ref pairs, static (ref HashSet<(int, int)> set, int i, int j) => Assert.True(set.Add((i, j)), "a pair was produced twice"));
        }

        return pairs;
    }
}
