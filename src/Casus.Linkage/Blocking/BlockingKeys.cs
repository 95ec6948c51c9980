using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Blocking;

/// <summary>The kinds of blocking key; a record gets at most one of each.</summary>
public enum BlockingKeyKind
{
    /// <summary>Phonetic surname + birth year.</summary>
    SurnameYear = 0,
    /// <summary>Phonetic first given name + surname initial + day and month (in either order, so swaps still meet).</summary>
    GivenInitialDayMonth,
    /// <summary>Date of birth with day and month in either order (a weak key: small buckets only, see <see cref="BlockingKeys.MaxBucket"/>).</summary>
    DateOfBirth,
    /// <summary>Phonetic given name and surname, sorted (so "El Amrani Mohammed" meets "Mohammed El Amrani"); no date needed.</summary>
    SortedName,
    /// <summary>National id (the keyed blind index).</summary>
    NationalId,
    /// <summary>Postcode + house number.</summary>
    Address,
    /// <summary>Phonetic surname + day and month (in either order): survives a mistyped or estimated year.</summary>
    SurnameDayMonth,
    /// <summary>Phonetic given name + surname initial + birth year: survives a mistyped surname and day.</summary>
    GivenInitialYear,
    /// <summary>Phonetic surname + first letter of the given name, no date (weak: small buckets only).</summary>
    SurnameInitial,
    /// <summary>Phonetic given name + surname initial, no date (weak: small buckets only).</summary>
    GivenSurnameInitial,
    /// <summary>Phonetic first given name + birth year, no surname: survives a surname mistyped at its first letter and a mistyped day or month.</summary>
    GivenYear,
    /// <summary>Phonetic first given name + day and month (in either order), no surname: survives a mistyped surname and year.</summary>
    GivenDayMonth,
}

/// <summary>A plain blocking key: normalised or phonetic forms of identifying data. Hash it before it leaves memory.</summary>
public readonly record struct BlockingKey(BlockingKeyKind Kind, string Value);

/// <summary>
/// Derives blocking keys. Values are plain strings of normalised or phonetic forms ("sy|prh|1987") and are identifying
/// data: the web application stores only <see cref="IBlockingKeyHasher"/> output (HMAC-SHA256 with a secret key).
/// </summary>
public static class BlockingKeys
{
    public const int KindCount = 12;

    /// <summary>Largest bucket a weak key (date only, or name parts without a date) may have before it is skipped.</summary>
    public const int WeakKeyMaxBucket = 50;

    /// <summary>
    /// The bucket cap for a key kind: weak kinds (a date alone, or a surname or given name with only an initial)
    /// are only worth comparing while their bucket is small; in a large population they grow quickly and rescue few pairs.
    /// </summary>
    public static int MaxBucket(BlockingKeyKind kind, int defaultCap) =>
        kind is BlockingKeyKind.DateOfBirth or BlockingKeyKind.SurnameInitial or BlockingKeyKind.GivenSurnameInitial
            ? Math.Min(defaultCap, WeakKeyMaxBucket)
            : defaultCap;

    public static IReadOnlyList<BlockingKey> For(PersonRecord record) => For(PreparedPerson.Prepare(record));

    public static IReadOnlyList<BlockingKey> For(PreparedPerson p)
    {
        var keys = new List<BlockingKey>(KindCount);
        for (var kind = 0; kind < KindCount; kind++)
        {
            var value = Value(p, (BlockingKeyKind)kind);
            if (value is not null)
            {
                keys.Add(new BlockingKey((BlockingKeyKind)kind, value));
            }
        }

        return keys;
    }

    /// <summary>The key of one kind, or null when the record lacks the fields for it.</summary>
    public static string? Value(PreparedPerson p, BlockingKeyKind kind)
    {
        var dob = p.DateOfBirth;
        switch (kind)
        {
            case BlockingKeyKind.SurnameYear when p.SurnamePhonetic.Length > 0 && dob.Year > 0:
                return $"sy|{p.SurnamePhonetic}|{dob.Year}";
            case BlockingKeyKind.GivenInitialDayMonth when p.GivenPhonetic.Length > 0 && !p.GivenIsInitial && p.SurnameCore.Length > 0 && dob.Month > 0 && dob.Day > 0:
                return $"gd|{p.GivenPhonetic}|{p.SurnameCore[0]}|{Math.Min(dob.Month, dob.Day)}|{Math.Max(dob.Month, dob.Day)}";
            case BlockingKeyKind.DateOfBirth when dob.Year > 0 && dob.Month > 0 && dob.Day > 0 && !(dob.Unsure && dob.Month == 1 && dob.Day == 1):
                return $"db|{dob.Year}|{Math.Min(dob.Month, dob.Day)}|{Math.Max(dob.Month, dob.Day)}";
            case BlockingKeyKind.SortedName when p.GivenPhonetic.Length > 0 && !p.GivenIsInitial && p.SurnamePhonetic.Length > 0:
                return string.CompareOrdinal(p.GivenPhonetic, p.SurnamePhonetic) <= 0
                    ? $"sn|{p.GivenPhonetic}|{p.SurnamePhonetic}"
                    : $"sn|{p.SurnamePhonetic}|{p.GivenPhonetic}";
            case BlockingKeyKind.NationalId when p.NationalId is not null:
                return $"id|{p.NationalId}";
            case BlockingKeyKind.Address when p.Postcode is not null && p.HouseNumber is not null:
                return $"ad|{p.Postcode}|{LeadingDigits(p.HouseNumber)}";
            case BlockingKeyKind.SurnameDayMonth when p.SurnamePhonetic.Length > 0 && dob.Month > 0 && dob.Day > 0 && !(dob.Unsure && dob.Month == 1 && dob.Day == 1):
                return $"sd|{p.SurnamePhonetic}|{Math.Min(dob.Month, dob.Day)}|{Math.Max(dob.Month, dob.Day)}";
            case BlockingKeyKind.GivenInitialYear when p.GivenPhonetic.Length > 0 && !p.GivenIsInitial && p.SurnameCore.Length > 0 && dob.Year > 0:
                return $"gy|{p.GivenPhonetic}|{p.SurnameCore[0]}|{dob.Year}";
            case BlockingKeyKind.SurnameInitial when p.SurnamePhonetic.Length > 0 && p.HasGiven:
                return $"si|{p.SurnamePhonetic}|{p.GivenFirst[0]}";
            case BlockingKeyKind.GivenYear when p.GivenPhonetic.Length > 0 && !p.GivenIsInitial && dob.Year > 0:
                return $"gj|{p.GivenPhonetic}|{dob.Year}";
            case BlockingKeyKind.GivenDayMonth when p.GivenPhonetic.Length > 0 && !p.GivenIsInitial && dob.Month > 0 && dob.Day > 0 && !(dob.Unsure && dob.Month == 1 && dob.Day == 1):
                return $"gm|{p.GivenPhonetic}|{Math.Min(dob.Month, dob.Day)}|{Math.Max(dob.Month, dob.Day)}";
            case BlockingKeyKind.GivenSurnameInitial when p.GivenPhonetic.Length > 0 && !p.GivenIsInitial && p.SurnameCore.Length > 0:
                return $"gs|{p.GivenPhonetic}|{p.SurnameCore[0]}";
            default:
                return null;
        }
    }

    private static string LeadingDigits(string number)
    {
        var n = 0;
        while (n < number.Length && char.IsAsciiDigit(number[n]))
        {
            n++;
        }

        return n == 0 || n == number.Length ? number : number[..n];
    }

    /// <summary>A 64-bit fingerprint of a (hashed) key for in-memory buckets; a collision only adds a candidate.</summary>
    public static ulong Fingerprint(string hashedKey)
    {
        // FNV-1a, 64-bit.
        var hash = 14695981039346656037UL;
        foreach (var c in hashedKey)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }
}
