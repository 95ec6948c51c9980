using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Scoring;

/// <summary>
/// How often each given name and surname (canonical form) occurs among the known persons, for the Fellegi–Sunter
/// frequency adjustment: agreeing on a name shared by many people ("Mohamed", "de Jong") is weaker evidence than
/// agreeing on a rare one. The adjustment is log2(u / f), where f is the name's share and u the chance that two
/// random persons share a name; it is clipped to ±<see cref="MaxAdjustment"/> bits. Kept in memory only.
/// Not thread-safe for writes; <see cref="Index.CandidateIndex"/> guards it with its lock.
/// </summary>
public sealed class NameFrequencies
{
    public const double MaxAdjustment = 5.0;
    private const int MinimumPopulation = 1_000;
    private readonly Table _given = new();
    private readonly Table _surname = new();

    public static NameFrequencies From(IEnumerable<PreparedPerson> persons)
    {
        var frequencies = new NameFrequencies();
        foreach (var person in persons)
        {
            frequencies.Add(person);
        }

        return frequencies;
    }

    public void Add(PreparedPerson person)
    {
        if (person.HasGiven && !person.GivenIsInitial)
        {
            _given.Add(person.GivenCanonical, 1);
        }

        if (person.HasSurname)
        {
            _surname.Add(person.SurnameCanonical, 1);
        }
    }

    public void Remove(PreparedPerson person)
    {
        if (person.HasGiven && !person.GivenIsInitial)
        {
            _given.Add(person.GivenCanonical, -1);
        }

        if (person.HasSurname)
        {
            _surname.Add(person.SurnameCanonical, -1);
        }
    }

    /// <summary>Bits to add to a given-name agreement on <paramref name="canonical"/>.</summary>
    public double GivenAdjustment(string canonical) => _given.Adjustment(canonical);

    /// <summary>Bits to add to a surname agreement on <paramref name="canonical"/>.</summary>
    public double SurnameAdjustment(string canonical) => _surname.Adjustment(canonical);

    private sealed class Table
    {
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
        private long _total;
        private double _sumOfSquares;

        public void Add(string value, int delta)
        {
            var count = _counts.GetValueOrDefault(value);
            var updated = Math.Max(0, count + delta);
            _sumOfSquares += ((double)updated * updated) - ((double)count * count);
            _total += updated - count;
            if (updated == 0)
            {
                _counts.Remove(value);
            }
            else
            {
                _counts[value] = updated;
            }
        }

        public double Adjustment(string value)
        {
            if (_total < MinimumPopulation)
            {
                return 0; // too few persons to tell common from rare
            }

            var count = Math.Max(1, _counts.GetValueOrDefault(value));
            var share = (double)count / _total;
            var u = _sumOfSquares / ((double)_total * _total);
            return Math.Clamp(Math.Log2(u / share), -MaxAdjustment, MaxAdjustment);
        }
    }
}
