using System.Security.Cryptography;
using Casus.Linkage.Blocking;
using Casus.Linkage.Index;
using Casus.Linkage.Scoring;
using static Casus.Linkage.Tests.Person;

namespace Casus.Linkage.Tests.Index;

public class CandidateIndexTests
{
    [Fact]
    public void A_new_signal_finds_the_person_already_known_with_reasons()
    {
        using var index = new CandidateIndex(new HmacBlockingKeyHasher(RandomNumberGenerator.GetBytes(32)));
        var known = Of("Mohammed", "El Amrani", Born(1998, 4, 17), postcode: "3023 AB", houseNumber: "7");
        index.Add(known);
        index.Add(Of("Sanne", "de Vries", Born(1975, 8, 2)));
        index.Add(Of("Mohamed", "Amrani", Born(1989, 11, 30)));

        var candidates = index.Query(Of("Muhammad", "Elamrani", Born(1998, 4, 17)));

        var found = Assert.Single(candidates);
        Assert.Equal(known.Id, found.Record.Id);
        Assert.True(found.Explanation.Has(MatchReason.GivenNameVariant));
    }

    [Fact]
    public void Stored_hashed_keys_rebuild_the_same_index()
    {
        var hasher = new HmacBlockingKeyHasher(RandomNumberGenerator.GetBytes(32));
        using var first = new CandidateIndex(hasher);
        var record = Of("Youssef", "Benali", Born(2001, 2, 3), nationalId: "123456782");
        var stored = first.HashedKeys(record);

        using var rebuilt = new CandidateIndex(hasher);
        rebuilt.Add(record, stored);

        Assert.Single(rebuilt.Query(Of("Yusuf", "Ben Ali", Born(2001, 2, 3))));
    }

    [Fact]
    public void Removed_records_are_no_longer_found()
    {
        using var index = new CandidateIndex();
        var record = Of("Jan", "de Jong", Born(1990, 5, 5));
        index.Add(record);
        Assert.True(index.Remove(record.Id));
        Assert.Empty(index.Query(Of("Jan", "de Jong", Born(1990, 5, 5))));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Adding_a_record_again_replaces_it()
    {
        using var index = new CandidateIndex();
        index.Add(Of("Jan", "de Jong", Born(1990, 5, 5)) with { Id = "same" });
        index.Add(Of("Piet", "Bakker", Born(1960, 1, 9)) with { Id = "same" });
        Assert.Equal(1, index.Count);
        Assert.Empty(index.Query(Of("Jan", "de Jong", Born(1990, 5, 5))));
    }

    [Fact]
    public void Many_removals_compact_the_index_without_losing_records()
    {
        using var index = new CandidateIndex();
        for (var i = 0; i < 3000; i++)
        {
            index.Add(Of("Name" + i, "Surname" + (i % 50), Born(1950 + (i % 60), 1 + (i % 12), 1 + (i % 28))) with { Id = "r" + i });
        }

        for (var i = 0; i < 2500; i++)
        {
            index.Remove("r" + i);
        }

        Assert.Equal(500, index.Count);
        var kept = index.Query(Of("Name2999", "Surname" + (2999 % 50), Born(1950 + (2999 % 60), 1 + (2999 % 12), 1 + (2999 % 28))));
        Assert.Contains(kept, c => c.Record.Id == "r2999");
    }
}
