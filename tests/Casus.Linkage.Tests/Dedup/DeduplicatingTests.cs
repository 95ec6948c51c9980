using Casus.Linkage.Dedup;
using Casus.Linkage.Evaluation;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;
using Casus.Linkage.Synthetic;
using static Casus.Linkage.Tests.Person;

namespace Casus.Linkage.Tests.Dedup;

public class DeduplicatingTests
{
    [Theory]
    [InlineData(LinkageDefaults.Threshold)]
    [InlineData(5.0)]
    public void Skipping_the_names_when_the_pair_cannot_reach_the_threshold_never_changes_a_link(double threshold)
    {
        // Neighbours by phonetic surname give many pairs near the threshold, from both field sets.
        var scorer = LinkageScorer.Default;
        foreach (var fields in new[] { FieldSet.All, FieldSet.NameAndDateOfBirth })
        {
            var data = SyntheticPersons.Generate(new SyntheticOptions { Records = 3_000, Fields = fields, Seed = 7 });
            var prepared = data.Records.Select(PreparedPerson.Prepare).OrderBy(p => p.SurnamePhonetic, StringComparer.Ordinal).ToArray();
            var frequencies = NameFrequencies.From(prepared);
            int skipped = 0, linked = 0;
            for (var i = 0; i < prepared.Length; i++)
            {
                for (var j = i + 1; j < Math.Min(prepared.Length, i + 40); j++)
                {
                    var full = scorer.Score(prepared[i], prepared[j], frequencies);
                    var reached = scorer.TryScore(prepared[i], prepared[j], frequencies, threshold, out var score);
                    Assert.Equal(full >= threshold, reached);
                    if (reached)
                    {
                        Assert.Equal(full, score);
                        linked++;
                    }
                    else
                    {
                        Assert.True(score >= full, "the bound must never be below the score");
                        skipped += score < threshold ? 1 : 0;
                    }
                }
            }

            Assert.True(linked > 0 && skipped > 0);
        }
    }

    [Fact]
    public void Batch_deduplication_clusters_the_records_of_one_person()
    {
        var records = new[]
        {
            Of("Mohammed", "El Amrani", Born(1998, 4, 17)),
            Of("Sanne", "de Vries", Born(1975, 8, 2)),
            Of("Muhammad", "Elamrani", Born(1998, 4, 17)),
            Of("Mohamed", "El-Amrani", Born(1998, 4, 17)),
            Of("Piotr", "Kowalski", Born(1990, 1, 20)),
        };

        var result = Deduplicator.Run(records, new DedupOptions { UseNameFrequencies = false });

        var cluster = Assert.Single(result.Clusters());
        Assert.Equal([0, 2, 3], cluster);
        Assert.Equal(result.ClusterOf[0], result.ClusterOf[3]);
        Assert.NotEqual(result.ClusterOf[0], result.ClusterOf[1]);
    }

    [Fact]
    public void Records_that_share_no_blocking_key_give_no_links_and_no_error()
    {
        var records = new[] { Of("Sanne", "de Vries", Born(1975, 8, 2)), Of("Piotr", "Kowalski", Born(1990, 1, 20)) };

        var result = Deduplicator.Run(records);

        Assert.Empty(result.Links);
        Assert.Equal(0, result.ComparedPairs);
        Assert.Equal([0, 1], result.ClusterOf);
        Assert.Empty(Deduplicator.Run(Array.Empty<PersonRecord>()).Links);
    }

    [Fact]
    public void Union_find_joins_chains_and_labels_by_smallest_member()
    {
        var clusters = UnionFind.Cluster(5, [new ScoredPair(3, 4, 30), new ScoredPair(1, 3, 30)]);
        Assert.Equal([0, 1, 2, 1, 1], clusters);
    }

    [Fact]
    public void Pairwise_quality_counts_true_and_false_links()
    {
        int[] entities = [1, 1, 2, 2, 3];
        var quality = LinkageEvaluation.FromLinks([new ScoredPair(0, 1, 30), new ScoredPair(1, 4, 30)], entities, 20);
        Assert.Equal(new PairwiseQuality(1, 1, 1), quality);
        Assert.Equal(0.5, quality.Precision);
        Assert.Equal(0.5, quality.Recall);
    }

    [Fact]
    public void Linkage_quality_on_a_small_generated_set_reaches_F1_of_at_least_0_95()
    {
        // Quality, not speed: a fixed seed other than the tuning and evaluation seeds.
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = 5_000, DuplicateRate = 0.10, Seed = 7 });
        var prepared = data.Records.Select(PreparedPerson.Prepare).ToArray();

        var result = Deduplicator.Run(prepared);
        var links = LinkageEvaluation.FromLinks(result.Links, data.EntityIds, Casus.Linkage.Scoring.LinkageDefaults.Threshold);
        var blocking = LinkageEvaluation.Blocking(prepared, data.EntityIds);

        Assert.True(links.F1 >= 0.95, links.ToString());
        Assert.True(blocking.PairRecall >= 0.98, $"blocking pair recall {blocking.PairRecall}");
    }
}
