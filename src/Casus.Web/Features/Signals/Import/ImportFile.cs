using System.Globalization;
using System.Text.RegularExpressions;
using Casus.Web.Platform.Profiles;
using CsvHelper;
using CsvHelper.Configuration;

namespace Casus.Web.Features.Signals.Import;

/// <summary>A valid row: what it becomes as a signal, when it was received (when the file says so) and its truth label.</summary>
public sealed record ImportRow(int Line, SignalInput Input, DateTimeOffset? ReceivedAt, string? Truth);

/// <summary>A row that is skipped, with the line it starts on and why. The reason never repeats a name or a national id.</summary>
public sealed record BadRow(int Line, string Reason);

public sealed record ImportFileContent(string Delimiter, IReadOnlyDictionary<string, string> MappedHeaders, int RowsRead,
    IReadOnlyList<ImportRow> Valid, IReadOnlyList<BadRow> Bad);

/// <summary>The file cannot be read as asked (missing column, unreadable mapping): a usage error, nothing was imported.</summary>
public sealed class ImportUsageException(string message) : Exception(message);

/// <summary>
/// Reads a CSV file of earlier records (quoted fields, byte order mark, ',' or ';') and validates every row with the
/// rules of signal intake. Rows that fail are reported and skipped; they never stop the others.
/// </summary>
public static partial class ImportFile
{
    public static ImportFileContent Read(TextReader reader, ImportSettings settings, Guid municipalityId, NationalProfile profile, IndicatorCatalogue catalogue, TimeProvider time)
    {
        var badData = false;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = settings.Delimiter ?? ",",
            DetectDelimiter = settings.Delimiter is null,
            DetectDelimiterValues = [",", ";", "\t", "|"],
            BadDataFound = _ => badData = true,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
        };
        using var parser = new CsvParser(reader, config);
        if (!parser.Read())
        {
            throw new ImportUsageException("The file is empty: it needs a header line and rows.");
        }
        var headers = parser.Record ?? [];
        var columns = MapColumns(headers, settings);
        var today = time.GetUtcNow();
        var valid = new List<ImportRow>();
        var bad = new List<BadRow>();
        var rows = 0;
        while (true)
        {
            badData = false;
            var previousLine = parser.RawRow;
            if (!parser.Read())
            {
                break;
            }
            rows++;
            var line = FirstLine(parser, previousLine);
            var record = parser.Record ?? [];
            var row = badData ? Bad(line, "a quote in a field is not closed or not doubled")
                : record.Length != headers.Length ? Bad(line, $"has {record.Length} fields where the header has {headers.Length}")
                : Parse(line, record, columns, settings, municipalityId, catalogue, profile, time, today);
            if (row is ImportRow ok)
            {
                valid.Add(ok);
            }
            else
            {
                bad.Add((BadRow)row);
            }
        }
        return new ImportFileContent(parser.Delimiter, columns.ToDictionary(c => c.Key, c => headers[c.Value]), rows, valid, bad);
    }

    /// <summary>The line a record starts on: a quoted field may span several lines, blank lines are skipped.</summary>
    private static int FirstLine(CsvParser parser, int previousLine)
    {
        var newlines = parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
        return Math.Max(previousLine + 1, parser.RawRow - newlines);
    }

    private static BadRow Bad(int line, string reason) => new(line, reason);

    private static Dictionary<string, int> MapColumns(string[] headers, ImportSettings settings)
    {
        var folded = headers.Select(ImportFields.Fold).ToArray();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (field, header) in settings.Columns)
        {
            if (!ImportFields.All.Contains(field))
            {
                throw new ImportUsageException($"Unknown field '{field}' in the mapping; the fields are {string.Join(", ", ImportFields.All)}.");
            }
            var index = Array.FindIndex(headers, h => string.Equals(h.Trim(), header.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                index = Array.IndexOf(folded, ImportFields.Fold(header));
            }
            columns[field] = index >= 0 ? index
                : throw new ImportUsageException($"The file has no column '{header}' (mapped to {field}); its header is: {string.Join(", ", headers)}.");
        }
        foreach (var (field, names) in ImportFields.DefaultHeaders)
        {
            if (columns.ContainsKey(field))
            {
                continue;
            }
            var index = Array.FindIndex(folded, h => names.Any(n => ImportFields.Fold(n) == h));
            if (index >= 0 && !columns.ContainsValue(index))
            {
                columns[field] = index;
            }
        }
        if (!columns.ContainsKey(ImportFields.GivenNames) && !columns.ContainsKey(ImportFields.Surname) && !columns.ContainsKey(ImportFields.Aliases))
        {
            throw new ImportUsageException($"No column holds a name: map one with --column surname=HEADER (or given_names, aliases); the header is: {string.Join(", ", headers)}.");
        }
        return columns;
    }

    private static object Parse(int line, string[] record, Dictionary<string, int> columns, ImportSettings settings, Guid municipalityId,
        IndicatorCatalogue catalogue, NationalProfile profile, TimeProvider time, DateTimeOffset today)
    {
        if (record.Any(f => f.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            return Bad(line, $"holds bytes that are not {settings.Encoding}; give the file's encoding, e.g. --encoding windows-1252");
        }
        string? Get(string field) => columns.TryGetValue(field, out var i) ? SignalRules.Clean(record[i]) : null;

        // Dates and the phenomenon are printed in a reason; names and national ids never are (see SignalImport).
        string? dateOfBirth = null;
        var dateOfBirthUnsure = false;
        if (Get(ImportFields.DateOfBirth) is { } dob)
        {
            // "1990-05-17?" is how spreadsheets often mark a date someone was not sure of.
            if (dob.EndsWith('?'))
            {
                dateOfBirthUnsure = true;
                dob = dob.TrimEnd('?').TrimEnd();
            }
            dateOfBirth = ParseDate(dob, settings.DateFormats);
            if (dateOfBirth is null)
            {
                return Bad(line, $"date of birth '{dob}' is not a date");
            }
        }
        if (Get(ImportFields.DateOfBirthUnsure) is { } unsure)
        {
            if (ParseYesNo(unsure) is not { } flag)
            {
                return Bad(line, $"date of birth unsure '{unsure}' is not yes or no");
            }
            dateOfBirthUnsure |= flag;
        }
        DateTimeOffset? receivedAt = null;
        if (Get(ImportFields.ReceivedAt) is { } received)
        {
            receivedAt = ParseDate(received, settings.DateFormats) is { Length: 10 } day
                ? new DateTimeOffset(DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture), TimeOnly.MinValue, TimeSpan.Zero)
                : DateTimeOffset.TryParse(received, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
            if (receivedAt is null)
            {
                return Bad(line, $"received at '{received}' is not a date");
            }
            if (receivedAt > today)
            {
                return Bad(line, $"received at '{received}' lies in the future");
            }
        }
        var phenomenonText = Get(ImportFields.Phenomenon);
        if (ParsePhenomenon(phenomenonText) is not { } phenomenon)
        {
            return Bad(line, $"phenomenon '{phenomenonText}' is not known (use {string.Join(", ", Enum.GetNames<Phenomenon>())} or the Dutch name)");
        }
        var input = new SignalInput
        {
            MunicipalityId = municipalityId,
            GivenNames = Get(ImportFields.GivenNames),
            SurnamePrefix = Get(ImportFields.SurnamePrefix),
            Surname = Get(ImportFields.Surname),
            DateOfBirth = dateOfBirth,
            DateOfBirthUnsure = dateOfBirthUnsure,
            NationalId = Get(ImportFields.NationalId),
            Street = Get(ImportFields.Street),
            HouseNumber = Get(ImportFields.HouseNumber),
            Postcode = Get(ImportFields.Postcode),
            City = Get(ImportFields.City),
            Aliases = Get(ImportFields.Aliases)?.Split([',', '|', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            Phenomenon = phenomenon,
            Narrative = Get(ImportFields.Narrative) ?? NoNarrative(profile),
            Urgency = SignalUrgency.Normal,
        };
        var errors = RegisterSignal.Validate(input, catalogue, profile, time).ToError().Fields;
        if (errors is { Count: > 0 })
        {
            return Bad(line, string.Join("; ", errors.SelectMany(e => e.Value.Select(key => Describe(e.Key, key, Get(ImportFields.DateOfBirth))))));
        }
        var truth = columns.ContainsKey(ImportFields.Truth) ? Get(ImportFields.Truth) ?? $"line {line}" : null;
        return new ImportRow(line, input, receivedAt, truth);
    }

    /// <summary>Yes/no in the forms spreadsheets use (English and Dutch, 1/0, x or empty); null when it is neither.</summary>
    public static bool? ParseYesNo(string text) => text.Trim().ToLowerInvariant() switch
    {
        "yes" or "y" or "true" or "1" or "x" or "ja" or "j" or "onzeker" or "unsure" or "?" => true,
        "no" or "n" or "false" or "0" or "nee" or "zeker" or "sure" or "" => false,
        _ => null,
    };

    /// <summary>
    /// A row without a description still becomes a signal: earlier spreadsheets often hold only the person. The narrative
    /// then says where the record came from, in the profile's language, so a coordinator never mistakes it for a report.
    /// </summary>
    public static string NoNarrative(NationalProfile profile) => profile.DefaultLanguage == "nl"
        ? "Overgenomen uit een eerdere registratie (import); die had geen omschrijving."
        : "Taken over from an earlier record (import); it had no description.";

    /// <summary>The configured formats first (whole dates), then the forms signal intake accepts: 1990, 1990-05, 1990-05-17, 17-05-1990.</summary>
    public static string? ParseDate(string text, IReadOnlyList<string> formats)
    {
        foreach (var format in formats)
        {
            foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("nl-NL") })
            {
                if (DateOnly.TryParseExact(text, format, culture, DateTimeStyles.AllowWhiteSpaces, out var date))
                {
                    return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }
            }
        }
        return PartialDate.TryParse(text, out var partial) ? partial!.ToString() : null;
    }

    public static Phenomenon? ParsePhenomenon(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Phenomenon.Unclear;
        }
        var folded = ImportFields.Fold(text);
        foreach (var value in Enum.GetValues<Phenomenon>())
        {
            if (ImportFields.Fold(value.ToString()) == folded)
            {
                return value;
            }
        }
        return folded switch
        {
            "jihadisme" or "jihadistisch" => Phenomenon.Jihadism,
            "rechtsextremisme" or "rechtsextremistisch" or "rightwing" => Phenomenon.RightWingExtremism,
            "linksextremisme" or "linksextremistisch" or "leftwing" => Phenomenon.LeftWingExtremism,
            "antiinstitutioneel" or "antiinstitutioneelextremisme" or "antioverheid" => Phenomenon.AntiInstitutional,
            "singleissue" or "singleissueextremisme" => Phenomenon.SingleIssue,
            "onduidelijk" or "onbekend" or "unknown" or "overig" => Phenomenon.Unclear,
            _ => null,
        };
    }

    private static string Describe(string field, string key, string? dateOfBirth) => key switch
    {
        "Validation.Person.NameRequired" => "no name: given names, surname and aliases are all empty",
        "Validation.DateOfBirth.Invalid" => $"date of birth '{dateOfBirth}' is not a date",
        "Validation.DateOfBirth.Future" => $"date of birth '{dateOfBirth}' lies in the future",
        "Validation.NationalId.Bsn" => "national id is not a citizen service number (fails the eleven test)",
        "Validation.NationalId.Invalid" => "national id is not valid",
        "Validation.NoMarkup" => $"{FieldName(field)} contains markup or control characters",
        "Validation.Aliases.TooMany" => "more than 20 aliases",
        _ when key.EndsWith(".TooLong", StringComparison.Ordinal) => $"{FieldName(field)} is too long",
        _ => $"{FieldName(field)}: {key}",
    };

    /// <summary>"GivenNames" → "given_names", as the mapping names the field.</summary>
    private static string FieldName(string property) => SnakeCase().Replace(property, "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex SnakeCase();
}
