using System.Globalization;

namespace Casus.Linkage.Synthetic;

/// <summary>
/// Writes a generated data set as a labelled CSV file, the shape a municipality's spreadsheet export has, for
/// trying and measuring the web application's import of earlier records: one row per record, with a column naming the
/// person it describes (the ground truth). The caller owns the writer.
/// </summary>
public static class SyntheticCsv
{
    public const string TruthColumn = "entity";

    public static void Write(SyntheticDataSet set, TextWriter writer, char delimiter = ';')
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(writer);
        var d = delimiter.ToString();
        writer.WriteLine(string.Join(d, "given_names", "surname_prefix", "surname", "date_of_birth", "national_id", "postcode", "house_number", TruthColumn));
        for (var i = 0; i < set.Records.Count; i++)
        {
            var r = set.Records[i];
            writer.WriteLine(string.Join(d,
                Field(r.GivenNames, delimiter), Field(r.SurnamePrefix, delimiter), Field(r.Surname, delimiter), Date(r.DateOfBirth),
                Field(r.NationalId, delimiter), Field(r.Postcode, delimiter), Field(r.HouseNumber, delimiter),
                "p" + set.EntityIds[i].ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>"1990", "1990-05" or "1990-05-17"; empty when unknown (the unsure flag has no column).</summary>
    private static string Date(PartialDate date) =>
        !date.IsKnown ? ""
        : date.Month == 0 ? date.Year.ToString("0000", CultureInfo.InvariantCulture)
        : date.Day == 0 ? string.Create(CultureInfo.InvariantCulture, $"{date.Year:0000}-{date.Month:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{date.Year:0000}-{date.Month:00}-{date.Day:00}");

    private static string Field(string? value, char delimiter) =>
        value is null ? ""
        : value.Contains(delimiter, StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
