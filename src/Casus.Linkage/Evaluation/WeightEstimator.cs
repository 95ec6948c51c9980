using System.Globalization;
using System.Text;
using Casus.Linkage.Comparison;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;

namespace Casus.Linkage.Evaluation;

/// <summary>
/// Estimates Fellegi–Sunter weights from labelled data: m = level frequency among true pairs, u = level frequency
/// among random pairs of different entities; weight = log2(m/u) with both floored, missing = 0. Used on the tuning
/// seed only; the defaults in <see cref="LinkageWeights.Default"/> are its rounded output.
/// </summary>
public static class WeightEstimator
{
    public static LinkageWeights Estimate(IReadOnlyList<PreparedPerson> prepared, IReadOnlyList<int> entityIds, int randomPairs, int seed,
        double mFloor = 0.002, double uFloor = 0.00002)
    {
        var names = Enum.GetValues<NameAgreement>().Length;
        var dates = Enum.GetValues<DateAgreement>().Length;
        var ids = Enum.GetValues<IdAgreement>().Length;
        var addresses = Enum.GetValues<AddressAgreement>().Length;
        var middles = Enum.GetValues<MiddleNameAgreement>().Length;
        double[][] m = [new double[names], new double[names], new double[dates], new double[ids], new double[addresses], new double[middles]];
        double[][] u = [new double[names], new double[names], new double[dates], new double[ids], new double[addresses], new double[middles]];

        foreach (var group in Enumerable.Range(0, prepared.Count).GroupBy(i => entityIds[i]).Where(g => g.Count() > 1))
        {
            var members = group.ToArray();
            for (var x = 0; x < members.Length; x++)
            {
                for (var y = x + 1; y < members.Length; y++)
                {
                    Count(m, ComparisonVector.Compare(prepared[members[x]], prepared[members[y]]));
                }
            }
        }

        var random = new Random(seed);
        for (var k = 0; k < randomPairs; k++)
        {
            var i = random.Next(prepared.Count);
            var j = random.Next(prepared.Count);
            if (entityIds[i] != entityIds[j])
            {
                Count(u, ComparisonVector.Compare(prepared[i], prepared[j]));
            }
        }

        // Households share surname and address, so address agreement is not independent of surname agreement:
        // u for the address is taken among different persons with the same surname.
        Array.Clear(u[4]);
        var bySurname = Enumerable.Range(0, prepared.Count).Where(i => prepared[i].HasSurname)
            .GroupBy(i => prepared[i].SurnameCanonical).Select(g => g.ToArray()).Where(g => g.Length > 1).ToArray();
        var weightsBySize = bySurname.Select(g => (double)g.Length * (g.Length - 1)).ToArray();
        var totalWeight = weightsBySize.Sum();
        for (var k = 0; k < randomPairs / 5; k++)
        {
            var target = random.NextDouble() * totalWeight;
            var g = 0;
            while (g < bySurname.Length - 1 && (target -= weightsBySize[g]) > 0)
            {
                g++;
            }

            var group = bySurname[g];
            var i = group[random.Next(group.Length)];
            var j = group[random.Next(group.Length)];
            if (entityIds[i] != entityIds[j])
            {
                u[4][(int)ComparisonVector.Compare(prepared[i], prepared[j]).Address]++;
            }
        }

        return new LinkageWeights(
            Weights(m[0], u[0], mFloor, uFloor), Weights(m[1], u[1], mFloor, uFloor), Weights(m[2], u[2], mFloor, uFloor),
            Weights(m[3], u[3], mFloor, uFloor), Weights(m[4], u[4], mFloor, uFloor), LinkageWeights.Default.SurnamePrefixDiffers,
            Weights(m[5], u[5], mFloor, uFloor), LinkageWeights.Default.Uncorroborated);
    }

    /// <summary>The weights as C# array literals, to paste into <see cref="LinkageWeights.Default"/>.</summary>
    public static string Format(LinkageWeights w)
    {
        var builder = new StringBuilder();
        void Line(string name, double[] values) =>
            builder.AppendLine(CultureInfo.InvariantCulture, $"{name}: [{string.Join(", ", values.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}],");
        Line("givenName", w.GivenName);
        Line("surname", w.Surname);
        Line("dateOfBirth", w.DateOfBirth);
        Line("nationalId", w.NationalId);
        Line("address", w.Address);
        Line("middleNames", w.MiddleNames);
        return builder.ToString();
    }

    private static void Count(double[][] table, in ComparisonVector v)
    {
        table[0][(int)v.GivenName]++;
        table[1][(int)v.Surname]++;
        table[2][(int)v.DateOfBirth]++;
        table[3][(int)v.NationalId]++;
        table[4][(int)v.Address]++;
        table[5][(int)v.MiddleNames]++;
    }

    private static double[] Weights(double[] m, double[] u, double mFloor, double uFloor)
    {
        // Probabilities among pairs where the field is present on both sides.
        var mPresent = m.Skip(1).Sum();
        var uPresent = u.Skip(1).Sum();
        var weights = new double[m.Length];
        for (var level = 1; level < m.Length; level++)
        {
            if (m[level] == 0 && u[level] == 0)
            {
                continue; // never seen: no evidence either way
            }

            var pm = Math.Max(mFloor, mPresent == 0 ? 0 : m[level] / mPresent);
            var pu = Math.Max(uFloor, uPresent == 0 ? 0 : u[level] / uPresent);
            weights[level] = Math.Round(Math.Log2(pm / pu), 1);
        }

        return weights;
    }
}
