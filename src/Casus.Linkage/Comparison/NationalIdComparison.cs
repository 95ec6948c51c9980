namespace Casus.Linkage.Comparison;

/// <summary>How two national identification numbers agree.</summary>
public enum IdAgreement
{
    Missing = 0,
    Exact,
    /// <summary>One digit differs or two adjacent digits are exchanged: a typing error, not proof.</summary>
    Typo,
    Different,
}

public static class NationalIdComparison
{
    public static IdAgreement Compare(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
        {
            return IdAgreement.Missing;
        }

        if (a == b)
        {
            return IdAgreement.Exact;
        }

        if (a.Length != b.Length)
        {
            return IdAgreement.Different;
        }

        var first = -1;
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                if (count++ == 0)
                {
                    first = i;
                }

                if (count > 2)
                {
                    return IdAgreement.Different;
                }
            }
        }

        var adjacentSwap = count == 2 && first + 1 < a.Length && a[first] == b[first + 1] && a[first + 1] == b[first];
        return count == 1 || adjacentSwap ? IdAgreement.Typo : IdAgreement.Different;
    }

    /// <summary>Digits only; null when there are none.</summary>
    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        Span<char> digits = stackalloc char[Math.Min(value.Length, 64)];
        var n = 0;
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9' && n < digits.Length)
            {
                digits[n++] = c;
            }
        }

        if (n == 0)
        {
            return null;
        }

        // A BSN written without its leading zero has eight digits.
        return n == 8 ? "0" + new string(digits[..n]) : new string(digits[..n]);
    }

    /// <summary>
    /// The Dutch BSN eleven-test: nine digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11 (and not 0).
    /// </summary>
    public static bool IsValidBsn(string? value)
    {
        var digits = Normalise(value);
        if (digits is null || digits.Length != 9)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (digits[i] - '0');
        }

        sum -= digits[8] - '0';
        return sum != 0 && sum % 11 == 0;
    }
}
