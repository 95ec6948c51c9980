namespace Casus.Linkage;

/// <summary>
/// One person as recorded on a signal or case, decrypted in memory. Every field may be missing: signals often carry
/// only a name and an approximate date of birth. Nothing in this library stores or logs these values.
/// </summary>
/// <param name="Id">The caller's identifier for the record (for example a signal-person id); opaque to the library.</param>
public sealed record PersonRecord(string Id)
{
    /// <summary>Given names as written, e.g. "Jan Willem" or "J." (initials allowed).</summary>
    public string? GivenNames { get; init; }

    /// <summary>Dutch surname prefix (tussenvoegsel) when recorded separately, e.g. "van der". May also be left inside <see cref="Surname"/>.</summary>
    public string? SurnamePrefix { get; init; }

    /// <summary>Surname as written, with or without prefix or Arabic article: "van der Berg", "Berg", "El Amrani", "Elamrani".</summary>
    public string? Surname { get; init; }

    /// <summary>Date of birth; parts may be unknown and the whole may be flagged as unsure.</summary>
    public PartialDate DateOfBirth { get; init; }

    /// <summary>National identification number (in the Netherlands the BSN), any formatting.</summary>
    public string? NationalId { get; init; }

    /// <summary>Postcode, any formatting ("1234 AB", "1234ab").</summary>
    public string? Postcode { get; init; }

    /// <summary>House number with optional addition ("12", "12-A", "12a").</summary>
    public string? HouseNumber { get; init; }
}

/// <summary>A possibly partial date: a zero part is unknown. <see cref="Unsure"/> marks an estimated date.</summary>
public readonly record struct PartialDate(int Year, int Month = 0, int Day = 0, bool Unsure = false)
{
    public static PartialDate Unknown => default;

    /// <summary>A year is known.</summary>
    public bool IsKnown => Year > 0;

    /// <summary>Year, month and day are all known.</summary>
    public bool IsComplete => Year > 0 && Month > 0 && Day > 0;

    public static PartialDate From(DateOnly date, bool unsure = false) => new(date.Year, date.Month, date.Day, unsure);

    public override string ToString() =>
        $"{(Year > 0 ? Year.ToString("0000") : "????")}-{(Month > 0 ? Month.ToString("00") : "??")}-{(Day > 0 ? Day.ToString("00") : "??")}{(Unsure ? "~" : "")}";
}
