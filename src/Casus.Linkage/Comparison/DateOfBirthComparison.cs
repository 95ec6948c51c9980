namespace Casus.Linkage.Comparison;

/// <summary>How two dates of birth agree, strongest first.</summary>
public enum DateAgreement
{
    /// <summary>One or both have no year.</summary>
    Missing = 0,
    Exact,
    /// <summary>
    /// Both are 1 January of the same year, marked unsure or not: how registrations record an unknown day and month,
    /// so it is far more common among unrelated persons than another shared date (log2 m/u about 11 against 14).
    /// </summary>
    FirstOfJanuary,
    /// <summary>Same year; day and month exchanged (03-11 against 11-03), a common entry error.</summary>
    DayMonthSwapped,
    /// <summary>One part differs in one digit (1987/1988, 14/15).</summary>
    OneDigitTypo,
    /// <summary>
    /// One part has two adjacent digits exchanged (1987/1978, 12/21): a typical typing error, and a rarer coincidence
    /// than a one-digit difference, because a date has far fewer such neighbours.
    /// </summary>
    DigitsTransposed,
    /// <summary>What both know agrees, but one is only a year.</summary>
    Partial,
    /// <summary>Year and month agree; one side has no day.</summary>
    PartialYearMonth,
    /// <summary>
    /// One is an unsure 1 January placeholder, the other another date in that year: the year agrees, but placeholders
    /// are common in some populations, so this says less than a year written alone.
    /// </summary>
    Placeholder,
    /// <summary>An estimated date (unsure, or only a year) within two years of the other.</summary>
    Close,
    Different,
}

public static class DateOfBirthComparison
{
    public static DateAgreement Compare(PartialDate a, PartialDate b)
    {
        if (!a.IsKnown || !b.IsKnown)
        {
            return DateAgreement.Missing;
        }

        if (a.Year == b.Year && IsFirstOfJanuary(a) && IsFirstOfJanuary(b))
        {
            return DateAgreement.FirstOfJanuary;
        }

        var aPlaceholder = IsPlaceholder(a);
        var bPlaceholder = IsPlaceholder(b);
        var aPartial = a.Month == 0 || a.Day == 0 || aPlaceholder;
        var bPartial = b.Month == 0 || b.Day == 0 || bPlaceholder;

        if (!aPartial && !bPartial)
        {
            if (a.Year == b.Year && a.Month == b.Month && a.Day == b.Day)
            {
                return DateAgreement.Exact;
            }

            if (a.Year == b.Year && a.Day == b.Month && a.Month == b.Day)
            {
                return DateAgreement.DayMonthSwapped;
            }

            var differing = (a.Year != b.Year ? 1 : 0) + (a.Month != b.Month ? 1 : 0) + (a.Day != b.Day ? 1 : 0);
            if (differing == 1)
            {
                var kind = a.Year != b.Year ? DigitDifference(a.Year, b.Year, 4)
                    : a.Month != b.Month ? DigitDifference(a.Month, b.Month, 2)
                    : DigitDifference(a.Day, b.Day, 2);
                if (kind != DateAgreement.Different)
                {
                    return kind;
                }
            }

            if ((a.Unsure || b.Unsure) && Math.Abs(a.Year - b.Year) <= 2)
            {
                return DateAgreement.Close;
            }

            return DateAgreement.Different;
        }

        // At least one is partial: compare what both know.
        var monthsAgree = a.Month == 0 || b.Month == 0 || aPlaceholder || bPlaceholder || a.Month == b.Month;
        var daysAgree = a.Day == 0 || b.Day == 0 || aPlaceholder || bPlaceholder || a.Day == b.Day;
        if (a.Year == b.Year && monthsAgree && daysAgree)
        {
            // A placeholder against a date with a month: only the year agrees, and placeholders are common.
            if ((aPlaceholder && b.Month > 0) || (bPlaceholder && a.Month > 0))
            {
                return DateAgreement.Placeholder;
            }

            var monthKnownOnBoth = a.Month > 0 && b.Month > 0 && !aPlaceholder && !bPlaceholder;
            return monthKnownOnBoth ? DateAgreement.PartialYearMonth : DateAgreement.Partial;
        }

        // Only an estimate may be a year or two off: a placeholder records a known year, and a known month that
        // differs is a disagreement (on the tuning seed no true pair showed either, while unrelated pairs often do).
        return Math.Abs(a.Year - b.Year) <= 2 && (IsEstimate(a) || IsEstimate(b)) ? DateAgreement.Close : DateAgreement.Different;
    }

    private static bool IsFirstOfJanuary(PartialDate d) => d.Month == 1 && d.Day == 1;

    /// <summary>An estimated date: marked unsure or only a year, but not a 1 January placeholder.</summary>
    private static bool IsEstimate(PartialDate d) => !IsPlaceholder(d) && (d.Unsure || d.Month == 0);

    /// <summary>An unsure 1 January is how registrations record an unknown day and month.</summary>
    private static bool IsPlaceholder(PartialDate d) => d.Unsure && d.Month == 1 && d.Day == 1;

    /// <summary>
    /// <see cref="DateAgreement.OneDigitTypo"/> or <see cref="DateAgreement.DigitsTransposed"/> when the two numbers,
    /// written with <paramref name="width"/> digits, differ in one digit or by one adjacent swap; else Different.
    /// </summary>
    internal static DateAgreement DigitDifference(int x, int y, int width)
    {
        Span<int> dx = stackalloc int[4];
        Span<int> dy = stackalloc int[4];
        for (var i = width - 1; i >= 0; i--)
        {
            dx[i] = x % 10;
            dy[i] = y % 10;
            x /= 10;
            y /= 10;
        }

        var first = -1;
        var count = 0;
        for (var i = 0; i < width; i++)
        {
            if (dx[i] != dy[i])
            {
                if (count == 0)
                {
                    first = i;
                }

                count++;
            }
        }

        if (count == 1)
        {
            return DateAgreement.OneDigitTypo;
        }

        return count == 2 && first + 1 < width && dx[first] == dy[first + 1] && dx[first + 1] == dy[first]
            ? DateAgreement.DigitsTransposed
            : DateAgreement.Different;
    }
}
