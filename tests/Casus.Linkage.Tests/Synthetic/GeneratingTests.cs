using Casus.Linkage.Comparison;
using Casus.Linkage.Synthetic;

namespace Casus.Linkage.Tests.Synthetic;

public class GeneratingTests
{
    [Fact]
    public void A_data_set_is_written_as_a_labelled_csv_with_one_row_per_record()
    {
        var set = SyntheticPersons.Generate(new SyntheticOptions { Records = 200, Seed = 3 });
        using var writer = new StringWriter();

        SyntheticCsv.Write(set, writer);

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("given_names;surname_prefix;surname;date_of_birth;national_id;postcode;house_number;entity", lines[0]);
        Assert.Equal(201, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Equal(8, l.Split(';').Length));
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^[^;]*;[^;]*;[^;]*;(\d{4}(-\d{2}(-\d{2})?)?)?;[^;]*;[^;]*;[^;]*;p\d+$", l));
        Assert.Equal("p" + set.EntityIds[0], lines[1].Split(';')[^1]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_records()
    {
        var a = SyntheticPersons.Generate(new SyntheticOptions { Records = 500, Seed = 3 });
        var b = SyntheticPersons.Generate(new SyntheticOptions { Records = 500, Seed = 3 });
        Assert.Equal(a.Records, b.Records);
        Assert.Equal(a.EntityIds, b.EntityIds);
    }

    [Fact]
    public void The_duplicate_rate_and_labels_are_as_asked()
    {
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = 10_000, DuplicateRate = 0.10, Seed = 3 });
        Assert.Equal(10_000, data.Records.Count);
        Assert.Equal(9_000, data.EntityIds.Distinct().Count());
        Assert.Equal(10_000, data.Records.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void National_ids_pass_the_eleven_test_unless_mistyped()
    {
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = 5_000, Seed = 3 });
        var ids = data.Records.Where(r => r.NationalId is not null).Select(r => r.NationalId).ToList();
        Assert.True(ids.Count > 2_000);
        Assert.True(ids.Count(NationalIdComparison.IsValidBsn) >= ids.Count * 0.98);
    }

    [Fact]
    public void Name_and_date_of_birth_only_sets_carry_no_id_or_address()
    {
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = 2_000, Fields = FieldSet.NameAndDateOfBirth, Seed = 3 });
        Assert.All(data.Records, r => Assert.True(r.NationalId is null && r.Postcode is null && r.HouseNumber is null));
    }

    [Fact]
    public void All_six_origins_and_the_noise_appear()
    {
        var data = SyntheticPersons.Generate(new SyntheticOptions { Records = 20_000, Seed = 3 });
        Assert.Equal(Enum.GetValues<NameOrigin>().Length, data.Origins.Distinct().Count());
        Assert.Contains(data.Records, r => r.GivenNames is not null && r.GivenNames.EndsWith('.'));
        Assert.Contains(data.Records, r => !r.DateOfBirth.IsKnown);
        Assert.Contains(data.Records, r => r.DateOfBirth.Unsure);
        Assert.Contains(data.Records, r => r.SurnamePrefix is not null);
        Assert.Contains(data.Records, r => r.Surname is not null && r.Surname.StartsWith("v.d.", StringComparison.Ordinal));
    }
}
