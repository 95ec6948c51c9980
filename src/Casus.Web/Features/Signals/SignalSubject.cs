using System.Globalization;
using System.Text.RegularExpressions;

namespace Casus.Web.Features.Signals;

/// <summary>
/// Who a signal is about, as the reporter knows them: often incomplete or misspelled. Kept only encrypted at rest
/// (as JSON under the signal's data key) and decrypted in memory for the people allowed to see it.
/// </summary>
public sealed record SignalSubject
{
    public string? GivenNames { get; init; }
    /// <summary>Dutch surname prefix ("van der", "de"), kept apart so sorting and matching work as people expect.</summary>
    public string? SurnamePrefix { get; init; }
    public string? Surname { get; init; }
    public PartialDate? DateOfBirth { get; init; }
    public bool DateOfBirthUnsure { get; init; }
    public string? NationalId { get; init; }
    public string? Street { get; init; }
    public string? HouseNumber { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? OnlinePlatform { get; init; }
    public string? OnlineHandle { get; init; }

    /// <summary>"Given van der Surname", or an alias or handle when no name is known.</summary>
    public string DisplayName
    {
        get
        {
            var name = string.Join(' ', new[] { GivenNames, SurnamePrefix, Surname }.Where(p => !string.IsNullOrWhiteSpace(p)));
            return name.Length > 0 ? name : (Aliases.Count > 0 ? Aliases[0] : null) ?? OnlineHandle ?? "";
        }
    }

    /// <summary>Surname first, for sorting lists as a coordinator reads them ("Berg, Jan van der").</summary>
    public string SortName => $"{Surname} {GivenNames} {SurnamePrefix}".Trim().ToLowerInvariant();

    public string? Address => string.Join(", ", new[] { string.Join(' ', new[] { Street, HouseNumber }.Where(p => !string.IsNullOrWhiteSpace(p))), string.Join(' ', new[] { Postcode, City }.Where(p => !string.IsNullOrWhiteSpace(p))) }.Where(p => p.Length > 0)) is { Length: > 0 } a ? a : null;

    /// <summary>All the text a coordinator may search on.</summary>
    public IEnumerable<string?> SearchableText() => [GivenNames, SurnamePrefix, Surname, NationalId, Street, Postcode, City, OnlinePlatform, OnlineHandle, DateOfBirth?.ToString(), .. Aliases];
}

/// <summary>A date of birth as far as it is known: the year, the year and month, or the whole date.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PartialDateJsonConverter))]
public sealed record PartialDate(int Year, int? Month, int? Day)
{
    public override string ToString() => Month is null ? Year.ToString("D4", CultureInfo.InvariantCulture)
        : Day is null ? $"{Year:D4}-{Month:D2}" : $"{Year:D4}-{Month:D2}-{Day:D2}";

    /// <summary>Parses "1990", "1990-05" or "1990-05-17" (also "17-05-1990", as Dutch forms write it).</summary>
    public static bool TryParse(string? text, out PartialDate? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim();
        var m = Regex.Match(t, @"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$");
        if (m.Success)
        {
            return Build(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null,
                m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : null, out date);
        }
        m = Regex.Match(t, @"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$");
        return m.Success && Build(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), out date);
    }

    private static bool Build(int year, int? month, int? day, out PartialDate? date)
    {
        date = null;
        if (year < 1900 || month is < 1 or > 12 || (day is not null && (month is null || day < 1 || day > DateTime.DaysInMonth(year, month.Value))))
        {
            return false;
        }
        date = new PartialDate(year, month, day);
        return true;
    }

    /// <summary>The earliest day this date can be, to refuse dates in the future.</summary>
    public DateOnly Earliest => new(Year, Month ?? 1, Day ?? 1);
}
