using Casus.Linkage.Normalisation;

namespace Casus.Linkage.Comparison;

/// <summary>How two names (given names or surnames) agree, strongest first.</summary>
public enum NameAgreement
{
    Missing = 0,
    /// <summary>Written the same after folding case and diacritics.</summary>
    Exact,
    /// <summary>The same name in another spelling or transliteration, or with another surname prefix or article.</summary>
    Variant,
    /// <summary>A nickname or short form of the other (Kees/Cornelis, Mo/Mohammed).</summary>
    Nickname,
    /// <summary>Sounds the same by the phonetic key, or a related form (Mehmet/Muhammad).</summary>
    Phonetic,
    /// <summary>One typing error apart: one letter inserted, left out, replaced, or two adjacent letters exchanged.</summary>
    Typo,
    /// <summary>
    /// Very close spelling (Jaro–Winkler ≥ 0.92) but more than one edit apart: a spelling outside the variant table,
    /// or a related name that extends the other (Demir/Demirci, Groot/Groothaar), which typists do not produce.
    /// </summary>
    Close,
    /// <summary>Close spelling (Jaro–Winkler ≥ 0.85).</summary>
    Similar,
    /// <summary>One side has only an initial and it agrees.</summary>
    Initial,
    Different,
}

/// <summary>How further given names agree ("Jan Willem" against "Jan Pieter").</summary>
public enum MiddleNameAgreement
{
    /// <summary>One or both have a single given name: the other is often left out.</summary>
    Missing = 0,
    Agree,
    Different,
}

public static class NameComparison
{
    public static MiddleNameAgreement CompareMiddle(PreparedPerson a, PreparedPerson b)
    {
        if (a.GivenOthers.Length == 0 || b.GivenOthers.Length == 0)
        {
            return MiddleNameAgreement.Missing;
        }

        return a.GivenOthers == b.GivenOthers || JaroWinkler.Similarity(a.GivenOthers, b.GivenOthers) >= TypoSimilarity ||
               OneEditApart(a.GivenOthers, b.GivenOthers)
            ? MiddleNameAgreement.Agree
            : MiddleNameAgreement.Different;
    }

    public const double TypoSimilarity = 0.92;
    public const double SimilarSimilarity = 0.85;

    public static NameAgreement CompareGiven(PreparedPerson a, PreparedPerson b)
    {
        if (!a.HasGiven || !b.HasGiven)
        {
            return NameAgreement.Missing;
        }

        if (a.GivenIsInitial || b.GivenIsInitial)
        {
            return a.GivenFirst[0] == b.GivenFirst[0] ? NameAgreement.Initial : NameAgreement.Different;
        }

        if (a.GivenFirst == b.GivenFirst)
        {
            return NameAgreement.Exact;
        }

        if (a.GivenCanonical == b.GivenCanonical || a.GivenJoined == b.GivenJoined)
        {
            return NameAgreement.Variant;
        }

        if ((a.GivenFormal is not null && (a.GivenFormal == b.GivenCanonical || a.GivenFormal == b.GivenFormal)) ||
            (b.GivenFormal is not null && b.GivenFormal == a.GivenCanonical))
        {
            return NameAgreement.Nickname;
        }

        return Spelling(a.GivenCanonical, b.GivenCanonical, a.GivenPhonetic, b.GivenPhonetic, a.GivenFirst, b.GivenFirst,
            a.GivenNearGroup >= 0 && a.GivenNearGroup == b.GivenNearGroup);
    }

    /// <summary>The surname agreement, and whether the prefixes differ.</summary>
    public static NameAgreement CompareSurname(PreparedPerson a, PreparedPerson b, out bool prefixDiffers)
    {
        prefixDiffers = false;
        if (!a.HasSurname || !b.HasSurname)
        {
            return NameAgreement.Missing;
        }

        if (a.SurnameWritten == b.SurnameWritten)
        {
            return NameAgreement.Exact;
        }

        prefixDiffers = !NameNormaliser.PrefixesCompatible(a.SurnamePrefix, b.SurnamePrefix);
        if (a.SurnameCore == b.SurnameCore || a.SurnameCanonical == b.SurnameCanonical)
        {
            return NameAgreement.Variant;
        }

        if (a.SurnameJoined == b.SurnameJoined || a.SurnameJoined == b.SurnameCore || a.SurnameCore == b.SurnameJoined)
        {
            prefixDiffers = true;
            return NameAgreement.Variant;
        }

        return Spelling(a.SurnameCanonical, b.SurnameCanonical, a.SurnamePhonetic, b.SurnamePhonetic, a.SurnameCore, b.SurnameCore,
            a.SurnameNearGroup >= 0 && a.SurnameNearGroup == b.SurnameNearGroup);
    }

    /// <summary>
    /// The given names of <paramref name="g"/> against the surname of <paramref name="s"/>, for records where the two
    /// were entered the other way round: the joined given names or the first one against the surname core or the
    /// surname with its prefix; an initial on either side agrees by its letter; the same phonetic key counts as phonetic.
    /// </summary>
    public static NameAgreement CompareGivenWithSurname(PreparedPerson g, PreparedPerson s)
    {
        if (!g.HasGiven || !s.HasSurname)
        {
            return NameAgreement.Missing;
        }

        if (g.GivenIsInitial || s.SurnameCore.Length == 1)
        {
            return g.GivenFirst[0] == s.SurnameCore[0] || g.GivenFirst[0] == s.SurnameJoined[0] ? NameAgreement.Initial : NameAgreement.Different;
        }

        var best = CompareCross(g.GivenJoined, g.GivenJoinedCanonical, s.SurnameCore, s.SurnameCanonical);
        if (best > NameAgreement.Variant && g.GivenFirst.Length != g.GivenJoined.Length)
        {
            best = Stronger(best, CompareCross(g.GivenFirst, g.GivenCanonical, s.SurnameCore, s.SurnameCanonical));
        }

        if (best > NameAgreement.Variant && s.SurnameJoined.Length != s.SurnameCore.Length)
        {
            best = Stronger(best, CompareCross(g.GivenJoined, g.GivenJoinedCanonical, s.SurnameJoined, s.SurnameJoined));
        }

        if (best > NameAgreement.Phonetic && g.GivenPhonetic.Length >= 3 && g.GivenPhonetic == s.SurnamePhonetic)
        {
            best = NameAgreement.Phonetic;
        }

        return best;
    }

    private static NameAgreement Stronger(NameAgreement x, NameAgreement y) =>
        x == NameAgreement.Missing ? y : y == NameAgreement.Missing ? x : (NameAgreement)Math.Min((int)x, (int)y);

    /// <summary>
    /// Compares a given name with a surname (both joined), for records where the two were entered the other way round
    /// ("El Khatib Ibrahim"): only the same word, the same comparison form or a typing error counts.
    /// </summary>
    public static NameAgreement CompareCross(string a, string canonicalA, string b, string canonicalB)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return NameAgreement.Missing;
        }

        if (a == b || canonicalA == canonicalB)
        {
            return NameAgreement.Variant;
        }

        if (a[0] != b[0] && canonicalA[0] != canonicalB[0])
        {
            // Cheap exit (most candidate pairs are strangers); a typing error in the first letter is still one edit.
            return OneEditApart(a, b) ? NameAgreement.Typo : NameAgreement.Different;
        }

        return OneEditApart(a, b) || JaroWinkler.Similarity(a, b) >= TypoSimilarity ? NameAgreement.Typo : NameAgreement.Different;
    }

    /// <summary>
    /// True when one insertion, deletion, substitution or exchange of two adjacent letters turns one word into the
    /// other, for words of <paramref name="minimumLength"/> letters or more (catches typing errors at the start, which Jaro–Winkler punishes).
    /// </summary>
    public static bool OneEditApart(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int minimumLength = 4)
    {
        if (Math.Min(a.Length, b.Length) < minimumLength || Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (prefix == a.Length && prefix == b.Length)
        {
            return false;
        }

        if (a.Length == b.Length)
        {
            if (a[(prefix + 1)..].SequenceEqual(b[(prefix + 1)..]))
            {
                return true; // substitution
            }

            return prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] &&
                   a[(prefix + 2)..].SequenceEqual(b[(prefix + 2)..]); // transposition
        }

        return a.Length > b.Length
            ? a[(prefix + 1)..].SequenceEqual(b[prefix..])  // deletion
            : a[prefix..].SequenceEqual(b[(prefix + 1)..]); // insertion
    }

    private static NameAgreement Spelling(string canonicalA, string canonicalB, string phoneticA, string phoneticB, string writtenA, string writtenB,
        bool near)
    {
        if (near)
        {
            return NameAgreement.Phonetic;
        }

        // Typing errors happen in the written form; spelling variants in the canonical one: take the closer.
        var similarity = Math.Max(JaroWinkler.Similarity(canonicalA, canonicalB), JaroWinkler.Similarity(writtenA, writtenB));
        if (phoneticA == phoneticB && (phoneticA.Length >= 3 || similarity >= 0.8))
        {
            return NameAgreement.Phonetic;
        }

        // A typing error is one edit; Jaro–Winkler alone also rates extended names (Demir/Demirci) as close, and on
        // the tuning seed those are about 16 times less telling than a single edit (log2 m/u 4–5 against 7–8 bits).
        return OneEditApart(canonicalA, canonicalB) || OneEditApart(writtenA, writtenB) ? NameAgreement.Typo
            : similarity >= TypoSimilarity ? NameAgreement.Close
            : similarity >= SimilarSimilarity || OneEditApart(writtenA, writtenB, minimumLength: 2) ? NameAgreement.Similar
            : NameAgreement.Different;
    }
}
