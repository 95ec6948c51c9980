using System.Text;
using System.Text.Json;

namespace Casus.Web.Features.Signals.Import;

/// <summary>The fields a row of earlier records can fill, by the names a mapping uses.</summary>
public static class ImportFields
{
    public const string GivenNames = "given_names";
    public const string SurnamePrefix = "surname_prefix";
    public const string Surname = "surname";
    public const string DateOfBirth = "date_of_birth";
    /// <summary>Yes/no: the date of birth is uncertain (a date ending in '?' says the same).</summary>
    public const string DateOfBirthUnsure = "date_of_birth_unsure";
    public const string NationalId = "national_id";
    public const string Street = "street";
    public const string HouseNumber = "house_number";
    public const string Postcode = "postcode";
    public const string City = "city";
    public const string Aliases = "aliases";
    public const string Phenomenon = "phenomenon";
    public const string Narrative = "narrative";
    public const string ReceivedAt = "received_at";
    /// <summary>Not stored: the label naming each record's true person, for measuring linkage quality.</summary>
    public const string Truth = "truth";

    public static readonly IReadOnlyList<string> All =
        [GivenNames, SurnamePrefix, Surname, DateOfBirth, DateOfBirthUnsure, NationalId, Street, HouseNumber, Postcode, City, Aliases, Phenomenon, Narrative, ReceivedAt, Truth];

    /// <summary>
    /// Headers recognised without a mapping, compared without case, spaces, '_', '-' and '.': the field names
    /// themselves, the usual English words and the headers of Dutch spreadsheets.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> DefaultHeaders = new Dictionary<string, string[]>
    {
        [GivenNames] = ["given_names", "given_name", "first_name", "first_names", "voornaam", "voornamen", "roepnaam"],
        [SurnamePrefix] = ["surname_prefix", "prefix", "tussenvoegsel", "tussenvoegsels", "voorvoegsel"],
        [Surname] = ["surname", "last_name", "family_name", "achternaam", "geslachtsnaam"],
        [DateOfBirth] = ["date_of_birth", "dob", "birth_date", "geboortedatum"],
        [DateOfBirthUnsure] = ["date_of_birth_unsure", "dob_unsure", "birth_date_unsure", "geboortedatum_onzeker", "geboortedatum_onzeker_jn"],
        [NationalId] = ["national_id", "bsn", "burgerservicenummer"],
        [Street] = ["street", "straat", "straatnaam"],
        [HouseNumber] = ["house_number", "huisnummer"],
        [Postcode] = ["postcode", "postal_code", "zip"],
        [City] = ["city", "woonplaats", "plaats"],
        [Aliases] = ["aliases", "alias", "bijnaam", "bijnamen"],
        [Phenomenon] = ["phenomenon", "fenomeen"],
        [Narrative] = ["narrative", "omschrijving", "toelichting"],
        [ReceivedAt] = ["received_at", "datum_melding", "meldingsdatum", "ontvangen"],
    };

    public static string Fold(string header) =>
        new string(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}

/// <summary>How to read one file: column mapping, encoding, delimiter and date formats (options over a mapping file).</summary>
public sealed class ImportSettings
{
    public required string File { get; init; }
    /// <summary>The municipality's name or id.</summary>
    public required string Municipality { get; init; }
    /// <summary>Field name → header in the file; fields not named here are found by <see cref="ImportFields.DefaultHeaders"/>.</summary>
    public Dictionary<string, string> Columns { get; } = new(StringComparer.Ordinal);
    /// <summary>.NET date formats tried before the formats signal intake knows (1990, 1990-05, 1990-05-17, 17-05-1990).</summary>
    public List<string> DateFormats { get; } = [];
    public string Encoding { get; set; } = "utf-8";
    /// <summary>Null: detected from the header line (',' ';' tab or '|').</summary>
    public string? Delimiter { get; set; }
    public bool Commit { get; init; }
    /// <summary>Commit even though this file was imported into the municipality before (--again).</summary>
    public bool Again { get; init; }
    /// <summary>How many linked clusters the report shows as examples.</summary>
    public int Examples { get; init; } = 10;

    /// <summary>The mapping file's JSON: {"columns": {...}, "dateFormats": [...], "encoding": "...", "delimiter": ";", "truthColumn": "..."}.</summary>
    public sealed record MappingFile(Dictionary<string, string>? Columns, List<string>? DateFormats, string? Encoding, string? Delimiter, string? TruthColumn);

    public void Apply(MappingFile mapping)
    {
        foreach (var (field, header) in mapping.Columns ?? [])
        {
            Columns[field] = header;
        }
        DateFormats.AddRange(mapping.DateFormats ?? []);
        Encoding = mapping.Encoding ?? Encoding;
        Delimiter = mapping.Delimiter ?? Delimiter;
        if (mapping.TruthColumn is { } truth)
        {
            Columns[ImportFields.Truth] = truth;
        }
    }

    private static readonly JsonSerializerOptions MappingJson = new(JsonSerializerDefaults.Web);

    public static MappingFile ReadMapping(string path) =>
        JsonSerializer.Deserialize<MappingFile>(System.IO.File.ReadAllText(path), MappingJson)
        ?? throw new JsonException("The mapping file is empty.");

    /// <summary>utf-8 (the default; a byte order mark is honoured), windows-1252 or iso-8859-1 (or another name .NET knows).</summary>
    public Encoding ResolveEncoding()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var name = Encoding.Trim().ToLowerInvariant();
        // Invalid bytes become U+FFFD instead of an exception, so the row can be reported with its line number.
        return name is "utf-8" or "utf8" ? new UTF8Encoding(false, false) : System.Text.Encoding.GetEncoding(name);
    }
}
