using System.Numerics;

namespace Casus.Linkage.Comparison;

/// <summary>
/// Jaro–Winkler similarity (Winkler 1990: prefix scale 0.1 over at most four characters, applied when the Jaro
/// similarity exceeds 0.7). Allocation-free: strings up to 64 characters keep their matched-character flags in two
/// 64-bit masks; longer strings use stack or pooled buffers.
/// </summary>
public static class JaroWinkler
{
    private const double PrefixScale = 0.1;
    private const double BoostThreshold = 0.7;

    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }

        var max = Math.Min(4, Math.Min(a.Length, b.Length));
        var prefix = 0;
        while (prefix < max && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * PrefixScale * (1 - jaro));
    }

    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }

        if (a.SequenceEqual(b))
        {
            return 1;
        }

        if (a.Length > b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        return b.Length <= 64 ? JaroShort(a, b) : JaroLong(a, b);
    }

    private static double JaroShort(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var range = Math.Max(0, (b.Length / 2) - 1);
        ulong matchedA = 0, matchedB = 0;
        var matches = 0;

        // Names are compared in folded form (a–z): then each letter's positions in b are one bit mask, and finding
        // the first unmatched equal letter inside the window is a few bit operations instead of a scan.
        Span<ulong> positions = stackalloc ulong[26];
        var lettersOnly = true;
        for (var j = 0; j < b.Length; j++)
        {
            var letter = (uint)(b[j] - 'a');
            if (letter >= 26)
            {
                lettersOnly = false;
                break;
            }

            positions[(int)letter] |= 1UL << j;
        }

        if (lettersOnly)
        {
            for (var i = 0; i < a.Length; i++)
            {
                var letter = (uint)(a[i] - 'a');
                if (letter >= 26)
                {
                    continue;
                }

                var lo = Math.Max(0, i - range);
                var hi = Math.Min(b.Length - 1, i + range);
                var window = (hi >= 63 ? ulong.MaxValue : (1UL << (hi + 1)) - 1) & ~((1UL << lo) - 1);
                var candidates = positions[(int)letter] & window & ~matchedB;
                if (candidates != 0)
                {
                    matchedA |= 1UL << i;
                    matchedB |= candidates & (0 - candidates);
                    matches++;
                }
            }
        }
        else
        {
            for (var i = 0; i < a.Length; i++)
            {
                var lo = Math.Max(0, i - range);
                var hi = Math.Min(b.Length - 1, i + range);
                var c = a[i];
                for (var j = lo; j <= hi; j++)
                {
                    if (b[j] == c && (matchedB & (1UL << j)) == 0)
                    {
                        matchedA |= 1UL << i;
                        matchedB |= 1UL << j;
                        matches++;
                        break;
                    }
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var halfTranspositions = 0;
        var ma = matchedA;
        var mb = matchedB;
        while (ma != 0)
        {
            var i = BitOperations.TrailingZeroCount(ma);
            var j = BitOperations.TrailingZeroCount(mb);
            if (a[i] != b[j])
            {
                halfTranspositions++;
            }

            ma &= ma - 1;
            mb &= mb - 1;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (halfTranspositions / 2)) / m)) / 3.0;
    }

    private static double JaroLong(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var range = Math.Max(0, (b.Length / 2) - 1);
        Span<bool> matchedA = a.Length <= 512 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> matchedB = b.Length <= 512 ? stackalloc bool[b.Length] : new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - range);
            var hi = Math.Min(b.Length - 1, i + range);
            for (var j = lo; j <= hi; j++)
            {
                if (!matchedB[j] && b[j] == a[i])
                {
                    matchedA[i] = true;
                    matchedB[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var halfTranspositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!matchedA[i])
            {
                continue;
            }

            while (!matchedB[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                halfTranspositions++;
            }

            k++;
        }

        double m = matches;
        return ((m / a.Length) + (m / b.Length) + ((m - (halfTranspositions / 2)) / m)) / 3.0;
    }
}
