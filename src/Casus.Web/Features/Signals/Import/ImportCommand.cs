using System.Globalization;
using System.Text.Json;

namespace Casus.Web.Features.Signals.Import;

/// <summary>
/// The operator command <c>import-signals FILE --municipality NAME [options]</c>: parses the options (a mapping file
/// first, options on the command line over it) and runs <see cref="SignalImport"/> in a scope of its own.
/// </summary>
public static class ImportCommand
{
    public const string Name = "import-signals";

    public const string Usage = """
        Usage: import-signals FILE --municipality NAME [--mapping map.json] [--column field=Header ...]
                              [--encoding utf-8|windows-1252|iso-8859-1] [--date-format dd-MM-yyyy ...] [--delimiter ;]
                              [--truth-column Header] [--examples 10] [host settings --Key=value ...] [--again] [--commit]
          Without --commit: a dry run that writes nothing and prints what the import would do.
          A file already imported into the municipality is refused unless --again is given.
          Fields: given_names, surname_prefix, surname, date_of_birth, date_of_birth_unsure (yes/no; or end the
                  date with '?'), national_id, street, house_number, postcode,
                  city, aliases, phenomenon, narrative, received_at.
        """;

    /// <summary>Exit code: 0 done, 1 nothing valid to import or the import failed (rolled back), 2 usage error.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct = default)
    {
        var settings = Parse(args, out var error);
        if (settings is null)
        {
            await output.WriteLineAsync(error);
            await output.WriteLineAsync(Usage);
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await scope.ServiceProvider.GetRequiredService<SignalImport>().RunAsync(settings, output, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await output.WriteLineAsync("Cancelled; nothing was imported.");
            return 1;
        }
    }

    public static ImportSettings? Parse(IReadOnlyList<string> args, out string error)
    {
        error = "";
        string? file = null, municipality = null, mapping = null, encoding = null, delimiter = null, truth = null;
        var columns = new List<string>();
        var formats = new List<string>();
        var commit = false;
        var again = false;
        var examples = 10;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--commit")
            {
                // .NET's command-line configuration reads "--commit --Key=value" as commit = "--Key=value": the setting
                // would be lost and the import would run against the default database.
                if (i + 1 < args.Count && args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Contains('=', StringComparison.Ordinal))
                {
                    error = $"Put --commit last: right before it, {args[i + 1]} would be taken as the value of --commit and ignored.";
                    return null;
                }
                commit = true;
                continue;
            }
            if (arg == "--again")
            {
                again = true;
                continue;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                continue; // a setting for the host, e.g. --Database:ConnectionString=...
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (file is not null)
                {
                    error = $"One file at a time: '{file}' and '{arg}'.";
                    return null;
                }
                file = arg;
                continue;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{arg} needs a value.";
                return null;
            }
            var value = args[++i];
            switch (arg)
            {
                case "--municipality": municipality = value; break;
                case "--mapping": mapping = value; break;
                case "--column": columns.Add(value); break;
                case "--encoding": encoding = value; break;
                case "--date-format": formats.Add(value); break;
                case "--delimiter": delimiter = value is "tab" or "\\t" ? "\t" : value; break;
                case "--truth-column": truth = value; break;
                case "--examples" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n): examples = n; break;
                default:
                    error = $"Unknown option or value: {arg} {value}.";
                    return null;
            }
        }
        if (file is null || municipality is null)
        {
            error = "Give the file and --municipality.";
            return null;
        }
        var settings = new ImportSettings { File = file, Municipality = municipality, Commit = commit, Again = again, Examples = examples };
        if (mapping is not null)
        {
            try
            {
                settings.Apply(ImportSettings.ReadMapping(mapping));
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                error = $"The mapping file {mapping} cannot be read: {ex.Message}";
                return null;
            }
        }
        foreach (var column in columns)
        {
            var at = column.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == column.Length - 1)
            {
                error = $"A column is given as field=Header, not '{column}'.";
                return null;
            }
            settings.Columns[column[..at].Trim()] = column[(at + 1)..];
        }
        if (truth is not null)
        {
            settings.Columns[ImportFields.Truth] = truth;
        }
        settings.DateFormats.AddRange(formats);
        settings.Encoding = encoding ?? settings.Encoding;
        settings.Delimiter = delimiter ?? settings.Delimiter;
        try
        {
            settings.ResolveEncoding();
        }
        catch (ArgumentException)
        {
            error = $"Unknown encoding '{settings.Encoding}': use utf-8, windows-1252 or iso-8859-1.";
            return null;
        }
        if (settings.Delimiter is { Length: not 1 })
        {
            error = "The delimiter is one character, e.g. ; or , or tab.";
            return null;
        }
        return settings;
    }
}
