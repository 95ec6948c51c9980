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
    private readonly Table<string> _given = new();
    private readonly Table<string> _surname = new();
    private readonly Table<(string Given, string Surname)> _joint = new();
    private readonly Table<int> _year = new();

    /// <summary>Largest birth-year adjustment, in bits either way.</summary>
    public const double MaxYearAdjustment = 2.0;

    /// <summary>
    /// Records of a pair that agrees on the full name are left out of the combination's count: only other records
    /// bearing the name say that it is shared.
    /// </summary>
    private const int PairInJointCount = 2;

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

        if (person.HasGiven && !person.GivenIsInitial && person.HasSurname)
        {
            _joint.Add(JointKey(person), 1);
        }

        if (person.DateOfBirth.Year > 0)
        {
            _year.Add(person.DateOfBirth.Year, 1);
        }
    }

    /// <summary>Bits to add to an agreeing date of birth in <paramref name="year"/>: birth years are far from uniform.</summary>
    public double YearAdjustment(int year) =>
        year <= 0 ? 0 : Math.Clamp(_year.Adjustment(year), -MaxYearAdjustment, MaxYearAdjustment);

    private static (string, string) JointKey(PreparedPerson person) => (person.GivenCanonical, person.SurnameCanonical);

    /// <summary>
    /// Bits to add when both the given name and the surname agree: the two single adjustments, less the extra
    /// commonness of the combination (given names and surnames go together by origin).
    /// </summary>
    public double JointAdjustment(PreparedPerson a)
    {
        var single = _given.Adjustment(a.GivenCanonical) + _surname.Adjustment(a.SurnameCanonical);
        if (_joint.Total < MinimumPopulation)
        {
            return single;
        }

        var fg = _given.Share(a.GivenCanonical);
        var fs = _surname.Share(a.SurnameCanonical);
        var count = _joint.Count(JointKey(a)) - PairInJointCount;
        if (count <= 0)
        {
            return single;
        }

        var fgs = (double)count / _joint.Total;
        var lift = fgs / (fg * fs);
        return lift > 1 ? single - Math.Log2(lift) : single;
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

        if (person.HasGiven && !person.GivenIsInitial && person.HasSurname)
        {
            _joint.Add(JointKey(person), -1);
        }

        if (person.DateOfBirth.Year > 0)
        {
            _year.Add(person.DateOfBirth.Year, -1);
        }
    }

    /// <summary>Bits to add to a given-name agreement on <paramref name="canonical"/>.</summary>
    public double GivenAdjustment(string canonical) => _given.Adjustment(canonical);

    /// <summary>Bits to add to a surname agreement on <paramref name="canonical"/>.</summary>
    public double SurnameAdjustment(string canonical) => _surname.Adjustment(canonical);

    private sealed class Table<TKey>
        where TKey : notnull
    {
        private readonly Dictionary<TKey, long> _counts = new();
        private long _total;
        private double _sumOfSquares;

        public void Add(TKey value, int delta)
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

        public long Total => _total;

        public long Count(TKey value) => _counts.GetValueOrDefault(value);

        public double Share(TKey value) => _total == 0 ? 0 : (double)Math.Max(1, _counts.GetValueOrDefault(value)) / _total;

        public double Adjustment(TKey value)
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
