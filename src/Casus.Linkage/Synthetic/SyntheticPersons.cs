using System.Globalization;
using System.Text;
using Casus.Linkage.Scoring;

namespace Casus.Linkage.Synthetic;

/// <summary>Which fields the generated records carry.</summary>
public enum FieldSet
{
    /// <summary>Names, date of birth, national id (60% of records) and address (75%).</summary>
    All = 0,
    /// <summary>Given names, surname and date of birth only.</summary>
    NameAndDateOfBirth,
}

public sealed class SyntheticOptions
{
    public int Records { get; init; } = 100_000;

    /// <summary>Share of records that are another record of an already generated person.</summary>
    public double DuplicateRate { get; init; } = 0.10;

    public FieldSet Fields { get; init; } = FieldSet.All;

    public int Seed { get; init; } = LinkageDefaults.EvaluationSeed;
}

/// <summary>Generated records with, per record, the id of the person it describes.</summary>
public sealed class SyntheticDataSet
{
    internal SyntheticDataSet(IReadOnlyList<PersonRecord> records, IReadOnlyList<int> entityIds, IReadOnlyList<NameOrigin> origins)
    {
        Records = records;
        EntityIds = entityIds;
        Origins = origins;
    }

    public IReadOnlyList<PersonRecord> Records { get; }

    public IReadOnlyList<int> EntityIds { get; }

    public IReadOnlyList<NameOrigin> Origins { get; }
}

/// <summary>
/// Deterministic generator of labelled synthetic person records (same seed, same records) for tests and benchmarks.
/// Persons are drawn from Dutch, Moroccan, Turkish, Surinamese (Hindustani, Creole, Javanese), Polish and Syrian
/// name pools in their usual spellings; 12% live in a household with an earlier person (same surname and address,
/// other given name and date of birth) and some are twins — the hard negatives. Duplicates carry the noise seen in
/// signals: other spellings and transliterations, typing errors (insertion, deletion, substitution by a neighbouring
/// key, transposition), nicknames, initials only, prefix variation (van der Berg / Berg / v.d. Berg), given name and
/// surname exchanged, day and month swapped, one-digit date errors, partial, estimated or placeholder dates, missing
/// fields, moves to another address and mistyped national ids.
/// </summary>
public static class SyntheticPersons
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";
    private static readonly string[] Keyboard =
    [
        "qwertyuiop", "asdfghjkl", "zxcvbnm",
    ];

    public static SyntheticDataSet Generate(SyntheticOptions options)
    {
        var random = new Random(options.Seed);
        var duplicates = (int)Math.Round(options.Records * options.DuplicateRate);
        var originals = options.Records - duplicates;
        var usedBsns = new HashSet<string>(StringComparer.Ordinal);
        var entities = new List<Entity>(originals);
        var cumulative = NamePools.All.Select(p => p.Share).ToArray();
        for (var i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] += cumulative[i - 1];
        }

        for (var e = 0; e < originals; e++)
        {
            Entity entity;
            if (entities.Count > 10 && random.NextDouble() < 0.12)
            {
                entity = Relative(random, entities[random.Next(entities.Count)], e, usedBsns);
            }
            else
            {
                var poolIndex = Array.FindIndex(cumulative, c => random.NextDouble() * cumulative[^1] < c);
                entity = NewEntity(random, NamePools.All[poolIndex < 0 ? 0 : poolIndex], e, usedBsns);
            }

            entities.Add(entity);
        }

        var rows = new List<(PersonRecord Record, int Entity, NameOrigin Origin)>(options.Records);
        foreach (var entity in entities)
        {
            rows.Add((Render(random, entity, noisy: false, options.Fields), entity.Id, entity.Pool.Origin));
        }

        for (var d = 0; d < duplicates; d++)
        {
            var entity = entities[random.Next(entities.Count)];
            rows.Add((Render(random, entity, noisy: true, options.Fields), entity.Id, entity.Pool.Origin));
        }

        // Shuffle so duplicates are not all at the end, then number the records.
        for (var i = rows.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }

        var records = rows.Select((r, i) => r.Record with { Id = "r" + i.ToString(CultureInfo.InvariantCulture) }).ToList();
        return new SyntheticDataSet(records, rows.Select(r => r.Entity).ToList(), rows.Select(r => r.Origin).ToList());
    }

    private sealed record Entity(
        int Id,
        NamePools.Pool Pool,
        bool Male,
        string[] FirstName,
        string[]? SecondName,
        string FirstSpelling,
        string? SecondSpelling,
        string[] Surname,
        string SurnameSpelling,
        DateOnly Birth,
        bool Placeholder,
        string Bsn,
        string Postcode,
        string HouseNumber);

    private static Entity NewEntity(Random random, NamePools.Pool pool, int id, HashSet<string> usedBsns)
    {
        var male = random.NextDouble() < 0.5;
        var names = male ? pool.Male : pool.Female;
        var first = Zipf(random, names, 0.5);
        var second = pool.Origin is NameOrigin.Dutch or NameOrigin.Polish && random.NextDouble() < 0.4 ? Zipf(random, names, 0.5) : null;
        if (second == first)
        {
            second = null;
        }

        var surname = random.NextDouble() < TailShare(pool.Origin) ? [TailSurname(random, pool.Origin)] : Zipf(random, pool.Surnames, 0.7);
        var (birth, placeholder) = BirthDate(random, pool, 12, 70);
        return new Entity(id, pool, male, first, second, Official(random, first), second is null ? null : Official(random, second),
            surname, Official(random, surname), birth, placeholder, NewBsn(random, usedBsns), NewPostcode(random), NewHouseNumber(random));
    }

    /// <summary>A sibling, parent, child or twin at the same address, with the same surname.</summary>
    private static Entity Relative(Random random, Entity of, int id, HashSet<string> usedBsns)
    {
        var male = random.NextDouble() < 0.5;
        var names = male ? of.Pool.Male : of.Pool.Female;
        var first = Zipf(random, names, 0.5);
        for (var attempt = 0; attempt < 5 && first == of.FirstName; attempt++)
        {
            first = Zipf(random, names, 0.5);
        }

        DateOnly birth;
        var placeholder = false;
        var kind = random.NextDouble();
        if (kind < 0.01)
        {
            birth = of.Birth; // twin
            placeholder = of.Placeholder;
        }
        else
        {
            var years = kind < 0.6 ? random.Next(1, 9) * (random.NextDouble() < 0.5 ? -1 : 1) : random.Next(20, 36) * (random.NextDouble() < 0.5 ? -1 : 1);
            (birth, placeholder) = BirthDate(random, of.Pool, 0, 0);
            var year = Math.Clamp(of.Birth.Year + years, 1930, 2013);
            birth = new DateOnly(year, birth.Month, Math.Min(birth.Day, DateTime.DaysInMonth(year, birth.Month)));
        }

        return of with
        {
            Id = id,
            Male = male,
            FirstName = first,
            SecondName = null,
            FirstSpelling = Official(random, first),
            SecondSpelling = null,
            Birth = birth,
            Placeholder = placeholder,
            Bsn = NewBsn(random, usedBsns),
        };
    }

    private static PersonRecord Render(Random random, Entity e, bool noisy, FieldSet fields)
    {
        var given = e.SecondSpelling is not null && (!noisy || random.NextDouble() < 0.5) ? e.FirstSpelling + " " + e.SecondSpelling : e.FirstSpelling;
        var surname = e.SurnameSpelling;
        var date = e.Placeholder
            ? new PartialDate(e.Birth.Year, 1, 1, Unsure: random.NextDouble() < 0.5)
            : PartialDate.From(e.Birth);
        var bsn = e.Bsn;
        var postcode = e.Postcode;
        var houseNumber = e.HouseNumber;
        var swapNames = false;

        if (noisy)
        {
            given = NoisyGiven(random, e, given);
            surname = NoisySurname(random, e, surname);
            swapNames = random.NextDouble() < 0.015;
            date = NoisyDate(random, date);
            if (random.NextDouble() < 0.01)
            {
                bsn = Typo(random, bsn, digits: true);
            }

            var move = random.NextDouble();
            if (move < 0.15)
            {
                postcode = NewPostcode(random);
                houseNumber = NewHouseNumber(random);
            }
            else if (move < 0.18)
            {
                houseNumber = (int.Parse(new string(houseNumber.TakeWhile(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture) + random.Next(1, 3)).ToString(CultureInfo.InvariantCulture);
            }
            else if (move < 0.20)
            {
                postcode = Typo(random, postcode[..4], digits: true) + postcode[4..];
            }
        }

        // Where the prefix goes is a matter of the form used, not of the person.
        string? prefix = null;
        var split = SplitPrefix(surname ?? "");
        if (surname is not null && split.Prefix is not null && random.NextDouble() < 0.6)
        {
            prefix = split.Prefix;
            surname = split.Remainder;
        }

        if (swapNames && given is not null && surname is not null && prefix is null)
        {
            (given, surname) = (surname, given);
        }

        var all = fields == FieldSet.All;
        var withAddress = all && random.NextDouble() < 0.75;
        return new PersonRecord("")
        {
            GivenNames = given,
            SurnamePrefix = prefix,
            Surname = surname,
            DateOfBirth = date,
            NationalId = all && random.NextDouble() < 0.6 ? FormatBsn(random, bsn) : null,
            Postcode = withAddress ? FormatPostcode(random, postcode) : null,
            HouseNumber = withAddress ? houseNumber : null,
        };
    }

    private static string? NoisyGiven(Random random, Entity e, string given)
    {
        var r = random.NextDouble();
        if (r < 0.015)
        {
            return null;
        }

        if (r < 0.055)
        {
            return string.Concat(given.Split(' ').Select(n => char.ToUpperInvariant(n[0]) + "."));
        }

        var parts = given.Split(' ');
        if (r < 0.095 && NamePools.Nicknames.TryGetValue(e.FirstName[0], out var nicknames))
        {
            parts[0] = nicknames[random.Next(nicknames.Length)];
            return string.Join(' ', parts);
        }

        if (r < 0.215 && e.FirstName.Length > 1)
        {
            parts[0] = OtherSpelling(random, e.FirstName, parts[0]);
        }
        else if (r < 0.285)
        {
            parts[0] = Typo(random, parts[0], digits: false);
        }

        return string.Join(' ', parts);
    }

    private static string? NoisySurname(Random random, Entity e, string surname)
    {
        var r = random.NextDouble();
        if (r < 0.01)
        {
            return null;
        }

        if (r < 0.11 && e.Surname.Length > 1)
        {
            return OtherSpelling(random, e.Surname, surname);
        }

        if (r < 0.18)
        {
            var (prefix, rest) = SplitPrefix(surname);
            return prefix is null ? Typo(random, surname, digits: false) : prefix + " " + Typo(random, rest, digits: false);
        }

        if (r < 0.33)
        {
            var (prefix, rest) = SplitPrefix(surname);
            if (prefix is not null)
            {
                return random.Next(4) switch
                {
                    0 => rest,                                                  // prefix left out
                    1 => prefix.StartsWith("van d", StringComparison.Ordinal) ? "v.d. " + rest : char.ToUpperInvariant(prefix[0]) + prefix[1..] + " " + rest,
                    2 => prefix == "van der" ? "van den " + rest : prefix == "van den" ? "van der " + rest : prefix.ToUpperInvariant() + " " + rest,
                    _ => prefix.Replace(" ", "", StringComparison.Ordinal) + rest.ToLowerInvariant(), // written as one word
                };
            }
        }

        return surname;
    }

    private static PartialDate NoisyDate(Random random, PartialDate date)
    {
        var r = random.NextDouble();
        if (r < 0.04)
        {
            return PartialDate.Unknown;
        }

        if (r < 0.08 && date.Day <= 12 && date.Day != date.Month)
        {
            return date with { Day = date.Month, Month = date.Day };
        }

        if (r < 0.11)
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var which = random.NextDouble();
                var candidate = which < 0.4
                    ? date with { Day = int.Parse(Typo(random, date.Day.ToString("00", CultureInfo.InvariantCulture), digits: true, sameLength: true), CultureInfo.InvariantCulture) }
                    : which < 0.6
                        ? date with { Month = int.Parse(Typo(random, date.Month.ToString("00", CultureInfo.InvariantCulture), digits: true, sameLength: true), CultureInfo.InvariantCulture) }
                        : date with { Year = int.Parse(Typo(random, date.Year.ToString("0000", CultureInfo.InvariantCulture)[2..], digits: true, sameLength: true), CultureInfo.InvariantCulture) + (date.Year / 100 * 100) };
                if (candidate.Month is >= 1 and <= 12 && candidate.Day is >= 1 and <= 28 && candidate != date)
                {
                    return candidate;
                }
            }

            return date;
        }

        if (r < 0.14)
        {
            var kind = random.NextDouble();
            return kind < 0.5 ? new PartialDate(date.Year)
                : kind < 0.8 ? new PartialDate(date.Year, date.Month)
                : new PartialDate(date.Year, 1, 1, Unsure: true);
        }

        if (r < 0.15)
        {
            return new PartialDate(date.Year + (random.NextDouble() < 0.5 ? -1 : 1) * random.Next(1, 3), 0, 0, Unsure: true);
        }

        return date;
    }

    private static (DateOnly Birth, bool Placeholder) BirthDate(Random random, NamePools.Pool pool, int minAge, int maxAge)
    {
        // Signals mostly concern young people: ages skew towards the teens and twenties.
        var age = minAge + (int)((maxAge - minAge) * Math.Pow(random.NextDouble(), 1.3));
        var year = 2025 - age;
        if (random.NextDouble() < pool.PlaceholderDateRate)
        {
            return (new DateOnly(year, 1, 1), true);
        }

        var start = new DateOnly(year, 1, 1);
        var birth = start.AddDays(random.Next(DateTime.IsLeapYear(year) ? 366 : 365));
        return (birth, false);
    }

    private static string TailSurname(Random random, NameOrigin origin)
    {
        var (first, second) = NamePools.SurnameTail[origin];
        var a = first[random.Next(first.Length)];
        var b = second[random.Next(second.Length)];
        if (a.Length == 0 || a.EndsWith(' ') || a.EndsWith('-'))
        {
            return a + char.ToUpperInvariant(b[0]) + b[1..];
        }

        return a + b;
    }

    /// <summary>
    /// Share of persons whose surname comes from the composed long tail rather than the common-name list; in the
    /// Netherlands the hundred most common surnames cover about a fifth of the population.
    /// </summary>
    private static double TailShare(NameOrigin origin) => origin switch
    {
        NameOrigin.Dutch => 0.75,
        NameOrigin.Moroccan or NameOrigin.Surinamese => 0.6,
        _ => 0.5,
    };

    private static string[] Zipf(Random random, string[][] names, double exponent)
    {
        // Weight of rank k is 1/(k+1)^exponent, so common names are common without one name dominating.
        var total = 0.0;
        for (var k = 0; k < names.Length; k++)
        {
            total += Math.Pow(k + 1, -exponent);
        }

        var target = random.NextDouble() * total;
        for (var k = 0; k < names.Length; k++)
        {
            target -= Math.Pow(k + 1, -exponent);
            if (target <= 0)
            {
                return names[k];
            }
        }

        return names[^1];
    }

    /// <summary>A person's own spelling: usually the common one, sometimes a variant (not everyone writes Mohamed the same).</summary>
    private static string Official(Random random, string[] entry) =>
        entry.Length > 1 && random.NextDouble() < 0.3 ? entry[1 + random.Next(entry.Length - 1)] : entry[0];

    private static string OtherSpelling(Random random, string[] entry, string current)
    {
        var others = entry.Where(s => s != current).ToArray();
        return others.Length == 0 ? current : others[random.Next(others.Length)];
    }

    private static (string? Prefix, string Remainder) SplitPrefix(string surname)
    {
        foreach (var prefix in new[] { "van der ", "van den ", "van de ", "van 't ", "van het ", "van t ", "in 't ", "in het ", "v.d. ", "de ", "van ", "ter ", "ten " })
        {
            if (surname.StartsWith(prefix, StringComparison.Ordinal) && surname.Length > prefix.Length)
            {
                return (prefix.TrimEnd(), surname[prefix.Length..]);
            }
        }

        return (null, surname);
    }

    internal static string Typo(Random random, string value, bool digits, bool sameLength = false)
    {
        if (value.Length < 2)
        {
            return value;
        }

        var chars = new StringBuilder(value);
        // Most typing errors fall after the first character.
        var position = random.NextDouble() < 0.1 ? 0 : random.Next(1, value.Length);
        var operation = sameLength ? random.Next(2) * 2 : random.Next(4); // 0 substitute, 1 insert, 2 transpose, 3 delete
        if (!char.IsLetterOrDigit(chars[position]))
        {
            return value;
        }

        var upper = char.IsUpper(chars[position]);
        switch (operation)
        {
            case 0:
                var replacement = digits ? (char)('0' + random.Next(10)) : Neighbour(random, char.ToLowerInvariant(chars[position]));
                chars[position] = upper ? char.ToUpperInvariant(replacement) : replacement;
                break;
            case 1:
                chars.Insert(position, digits ? (char)('0' + random.Next(10)) : Neighbour(random, char.ToLowerInvariant(chars[position])));
                break;
            case 2:
                var other = position == value.Length - 1 ? position - 1 : position + 1;
                if (char.IsLetterOrDigit(chars[other]))
                {
                    (chars[position], chars[other]) = (chars[other], chars[position]);
                    if (position == 0 || other == 0)
                    {
                        chars[0] = char.ToUpperInvariant(chars[0]);
                        chars[1] = char.ToLowerInvariant(chars[1]);
                    }
                }

                break;
            default:
                if (value.Length > 3)
                {
                    chars.Remove(position, 1);
                    if (position == 0)
                    {
                        chars[0] = char.ToUpperInvariant(chars[0]);
                    }
                }

                break;
        }

        return chars.ToString();
    }

    private static char Neighbour(Random random, char c)
    {
        if (random.NextDouble() < 0.6)
        {
            foreach (var row in Keyboard)
            {
                var index = row.IndexOf(c, StringComparison.Ordinal);
                if (index >= 0)
                {
                    var n = index == 0 ? 1 : index == row.Length - 1 ? index - 1 : index + (random.NextDouble() < 0.5 ? -1 : 1);
                    return row[n];
                }
            }
        }

        return Letters[random.Next(Letters.Length)];
    }

    private static string NewBsn(Random random, HashSet<string> used)
    {
        var d = new int[9];
        while (true)
        {
            var sum = 0;
            for (var i = 0; i < 8; i++)
            {
                d[i] = i == 0 ? random.Next(1, 10) : random.Next(10);
                sum += (9 - i) * d[i];
            }

            var last = sum % 11;
            if (last == 10)
            {
                continue;
            }

            d[8] = last;
            var bsn = string.Concat(d.Select(x => (char)('0' + x)));
            if (used.Add(bsn))
            {
                return bsn;
            }
        }
    }

    private static string FormatBsn(Random random, string bsn) =>
        random.NextDouble() < 0.1 ? $"{bsn[..4]}.{bsn[4..6]}.{bsn[6..]}" : bsn;

    private static string NewPostcode(Random random)
    {
        string letters;
        do
        {
            letters = string.Concat((char)('A' + random.Next(26)), (char)('A' + random.Next(26)));
        }
        while (letters is "SA" or "SD" or "SS");

        return random.Next(1000, 10000).ToString(CultureInfo.InvariantCulture) + letters;
    }

    private static string FormatPostcode(Random random, string postcode) => random.Next(3) switch
    {
        0 => postcode[..4] + " " + postcode[4..],
        1 => postcode.ToLowerInvariant(),
        _ => postcode,
    };

    private static string NewHouseNumber(Random random)
    {
        var number = (1 + (int)(250 * Math.Pow(random.NextDouble(), 2))).ToString(CultureInfo.InvariantCulture);
        return random.NextDouble() < 0.1 ? number + "abc"[random.Next(3)] : number;
    }
}
