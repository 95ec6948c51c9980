using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Casus.Linkage.Synthetic;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Signals.Import;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Signals;

/// <summary>
/// A municipality moving from spreadsheets imports its earlier records: a dry run first, then one transaction;
/// duplicates end on one person through links a coordinator can undo; a labelled file measures linkage quality.
/// </summary>
public sealed class ImportingEarlierRecordsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string Example = Path.Combine(RepositoryRoot(), "docs", "examples", "import-example.csv");

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Casus.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (Casus.sln) was not found.");
    }

    private async Task<(int ExitCode, string Output)> ImportAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await ImportCommand.RunAsync(app.Services, args, output);
        return (exit, output.ToString());
    }

    private sealed record Counts(int Signals, int Persons, int Keys, int LinkKeys, int Events, int Merges);

    private Task<Counts> CountsAsync() => app.WithDbAsync(async db => new Counts(
        await db.Set<Signal>().CountAsync(), await db.Set<Person>().CountAsync(), await db.Set<PersonDataKey>().CountAsync(),
        await db.Set<SignalLinkKey>().CountAsync(), await db.Set<SignalEvent>().CountAsync(), await db.Set<PersonMerge>().CountAsync()));

    /// <summary>The imported signals of a municipality with their decrypted subjects (as the inbox would show them).</summary>
    private async Task<List<(Signal Signal, SignalSubject Subject)>> ImportedAsync(string municipality)
    {
        var municipalityId = await app.MunicipalityIdAsync(municipality);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        var queries = scope.ServiceProvider.GetRequiredService<SignalQueries>();
        var result = new List<(Signal, SignalSubject)>();
        foreach (var signal in await db.Set<Signal>().AsNoTracking().Where(s => s.MunicipalityId == municipalityId && s.Source == SignalSource.Import).ToListAsync())
        {
            result.Add((signal, await queries.DecryptSubjectAsync(signal, CancellationToken.None)));
        }
        return result;
    }

    private static string TempFile(string content, Encoding encoding)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Path.Combine(Path.GetTempPath(), $"casus-import-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content, encoding);
        return path;
    }

    private static string SyntheticFile(int records, double duplicateRate, int seed)
    {
        var set = SyntheticPersons.Generate(new SyntheticOptions { Records = records, DuplicateRate = duplicateRate, Seed = seed });
        var path = Path.Combine(Path.GetTempPath(), $"casus-import-{Guid.NewGuid():N}.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        SyntheticCsv.Write(set, writer);
        return path;
    }

    [Fact]
    public async Task A_dry_run_changes_nothing_and_reports_bad_rows_with_their_line_numbers()
    {
        var before = await CountsAsync();

        var (exit, output) = await ImportAsync(Example, "--municipality", "Lindendal");

        Assert.Equal(0, exit);
        Assert.Contains("DRY RUN", output);
        Assert.Contains("Rows read: 10", output);
        Assert.Contains("Rows valid: 9", output);
        Assert.Contains("line 7: date of birth '31-02-1990' is not a date", output);
        Assert.Contains("Distinct persons: 6 in the file", output);
        Assert.Matches(@"lines 2, 6: line 6 ~ line 2 \(score [0-9.]+: [A-Za-z, ]*SameGivenName", output);
        // Row numbers and reason codes only: no name, national id or narrative reaches the terminal.
        foreach (var personal in new[] { "Jeroen", "Amrani", "Bakkali", "Kowalska", "999990007", "Dorpsstraat", "ronselaar" })
        {
            Assert.DoesNotContain(personal, output, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Committing_stores_encrypted_signals_and_puts_linked_rows_on_one_person_with_links_a_coordinator_can_undo()
    {
        var before = await CountsAsync();

        var (exit, output) = await ImportAsync(Example, "--municipality", "Lindendal", "--commit");

        Assert.True(exit == 0, output);
        Assert.Contains("Imported 9 signals (source Import) on 6 new persons", output);
        var imported = await ImportedAsync("Lindendal");
        Assert.Equal(9, imported.Count);
        Assert.All(imported, i => Assert.Null(i.Signal.ReporterOrganisationId));
        Assert.All(imported, i => Assert.Null(i.Signal.ReporterUserId));
        Assert.Equal(6, imported.Select(i => i.Signal.PersonId).Distinct().Count());
        Guid PersonOf(string surname, string given) => imported.Single(i => i.Subject.Surname == surname && i.Subject.GivenNames == given && i.Subject.SurnamePrefix is null).Signal.PersonId;
        Assert.Equal(PersonOf("Berg", "Jeroen"), imported.Single(i => i.Subject.SurnamePrefix == "van der").Signal.PersonId);
        Assert.Equal(imported.Single(i => i.Subject.Surname == "Amrani").Signal.PersonId, PersonOf("Elamrani", "Muhammad"));
        Assert.Equal(PersonOf("Bakkali", "Youssef"), PersonOf("Bakkali", "Joesoef"));
        Assert.NotEqual(PersonOf("Ouali", "Fatima"), PersonOf("Kowalska", "Agnieszka"));
        // The received date comes from the file; a row without a description gets the import's note.
        var sanne = imported.Single(i => i.Subject.Surname == "de Vries");
        Assert.Equal(new DateTimeOffset(2021, 6, 30, 0, 0, 0, TimeSpan.Zero), sanne.Signal.ReceivedAt);

        var merges = await app.WithDbAsync(db => db.Set<PersonMerge>().Where(m => m.DecidedBy == PersonMerge.ByImport).ToListAsync());
        Assert.Equal(3, merges.Count);
        Assert.All(merges, m => Assert.NotEmpty(m.Reasons));
        var after = await CountsAsync();
        Assert.Equal(before.Signals + 9, after.Signals);
        Assert.Equal(before.Persons + 9, after.Persons); // one person per row; the links move signals, as a coordinator's would
        Assert.True(await app.WithDbAsync(db => db.Set<ProcessingLogRecord>().CountAsync(r => r.Name == "import")) >= 9);

        // The coordinator sees the link on the signal's page and undoes it: the row is on its own person again.
        var joesoef = imported.Single(i => i.Subject.GivenNames == "Joesoef").Signal;
        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var merge = merges.Single(m => m.SignalIds.Contains(joesoef.Id.ToString(), StringComparison.Ordinal));
        await Expect.StatusAsync(await coordinator.Http.PostAsync($"/api/v1/signals/links/{merge.Id}/undo", null), HttpStatusCode.NoContent);
        Assert.Equal(merge.FromPersonId, await app.WithDbAsync(db => db.Set<Signal>().Where(s => s.Id == joesoef.Id).Select(s => s.PersonId).SingleAsync()));

        if (!TestDatabase.OnPostgres)
        {
            SqliteClearText();
        }
    }

    private void SqliteClearText()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = Directory.GetFiles(app.Database.Folder, "casus.db*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.NotEmpty(bytes);
        foreach (var planted in new[] { "Kowalska", "Bakkali", "Elamrani", "999990019", "Esdoornlaan", "ronselaar", "Overgenomen" })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(planted)));
        }
    }

    [Fact]
    public async Task A_failure_at_save_time_in_the_middle_of_the_import_leaves_nothing_imported()
    {
        var file = SyntheticFile(350, 0.1, seed: 7);
        var imported = await app.WithDbAsync(db => db.Set<Signal>().CountAsync(s => s.Source == SignalSource.Import));
        // The database refuses the 251st signal of this import: two batches of 100 are saved by then, inside the transaction.
        var limit = imported + 250;
        var postgres = TestDatabase.OnPostgres;
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(postgres
            ? $"""
              CREATE FUNCTION import_test_failure() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
                IF (SELECT COUNT(*) FROM "Signals" WHERE "Source" = 'Import') >= {limit} THEN RAISE EXCEPTION 'simulated failure at save time'; END IF;
                RETURN NEW; END $f$;
              CREATE TRIGGER import_test_failure BEFORE INSERT ON "Signals" FOR EACH ROW EXECUTE FUNCTION import_test_failure();
              """
            : $"""
              CREATE TRIGGER import_test_failure BEFORE INSERT ON "Signals"
              WHEN (SELECT COUNT(*) FROM "Signals" WHERE "Source" = 'Import') >= {limit}
              BEGIN SELECT RAISE(ABORT, 'simulated failure at save time'); END;
              """));
        try
        {
            var before = await CountsAsync();

            var (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--commit");

            Assert.Equal(1, exit);
            Assert.Contains("rolled back; nothing was imported", output);
            Assert.Contains("simulated failure at save time", output);
            Assert.Equal(before, await CountsAsync());
            Assert.Empty(await ImportedAsync("Oosterveld"));
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(postgres
                ? "DROP TRIGGER import_test_failure ON \"Signals\"; DROP FUNCTION import_test_failure();"
                : "DROP TRIGGER import_test_failure;"));
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_windows_1252_file_is_read_with_its_accents_when_its_encoding_is_given()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var file = TempFile("Voornaam;Achternaam;Geboortedatum;Omschrijving\r\nAnaïs;Lefèvre;17-05-1990;Zorgen geuit door de leerplichtambtenaar.\r\n",
            Encoding.GetEncoding(1252));
        try
        {
            var (exit, output) = await ImportAsync(file, "--municipality", "Brugwater");
            Assert.Equal(1, exit);
            Assert.Contains("line 2: holds bytes that are not utf-8; give the file's encoding, e.g. --encoding windows-1252", output);

            (exit, output) = await ImportAsync(file, "--municipality", "Brugwater", "--encoding", "windows-1252", "--commit");
            Assert.True(exit == 0, output);
            var subject = Assert.Single(await ImportedAsync("Brugwater")).Subject;
            Assert.Equal("Anaïs", subject.GivenNames);
            Assert.Equal("Lefèvre", subject.Surname);
            Assert.Equal("1990-05-17", subject.DateOfBirth?.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_mapping_file_names_the_columns_date_format_and_delimiter()
    {
        var file = TempFile("Fname,Lname,Born,Remarks\r\nKees,Visser,02/13/1990,Meldt zich niet bij de leerplicht.\r\n\"Jan, Willem\",Bos,11/30/2001,\r\n",
            new UTF8Encoding(true));
        var mapping = TempFile("""{"columns": {"given_names": "Fname", "surname": "Lname", "date_of_birth": "Born", "narrative": "Remarks"}, "dateFormats": ["MM/dd/yyyy"], "delimiter": ","}""",
            new UTF8Encoding(false));
        try
        {
            var (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--mapping", mapping);
            Assert.True(exit == 0, output);
            Assert.Contains("Rows valid: 2", output);
            Assert.Contains("Columns: given_names=Fname, surname=Lname, date_of_birth=Born, narrative=Remarks", output);

            (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--mapping", mapping, "--column", "surname=Achternaam");
            Assert.Equal(2, exit);
            Assert.Contains("The file has no column 'Achternaam'", output);
        }
        finally
        {
            File.Delete(file);
            File.Delete(mapping);
        }
    }

    [Fact]
    public async Task Usage_errors_exit_with_2_and_a_file_without_a_valid_row_with_1()
    {
        Assert.Equal(2, (await ImportAsync(Example)).ExitCode);
        Assert.Equal(2, (await ImportAsync(Example, "--municipality", "Atlantis")).ExitCode);
        Assert.Equal(2, (await ImportAsync(Example, "--municipality", "Lindendal", "--encoding", "klingon")).ExitCode);
        Assert.Equal(2, (await ImportAsync("/nonexistent/file.csv", "--municipality", "Lindendal")).ExitCode);
        // Host settings are left to the host; right after --commit .NET's configuration would swallow one, so that is refused.
        Assert.Equal(0, (await ImportAsync(Example, "--municipality", "Lindendal", "--Profile:Key=NL-PGA")).ExitCode);
        var (_, swallowed) = await ImportAsync(Example, "--municipality", "Lindendal", "--commit", "--Profile:Key=NL-PGA");
        Assert.Contains("Put --commit last", swallowed);
        var file = TempFile("Achternaam;Geboortedatum;Omschrijving\r\n;1990;\r\n;1991;\"Twee regels:\r\nde tweede.\"\r\n\r\nBos;1992;<script>\r\nBos;1993\r\n",
            new UTF8Encoding(false));
        try
        {
            var (exit, output) = await ImportAsync(file, "--municipality", "Lindendal", "--commit");
            Assert.Equal(1, exit);
            // A quoted field over two lines and a blank line do not shift the line numbers that follow.
            Assert.Contains("line 2: no name", output);
            Assert.Contains("line 3: no name", output);
            Assert.Contains("line 6: narrative contains markup or control characters", output);
            Assert.Contains("line 7: has 2 fields where the header has 3", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_labelled_file_of_generated_records_reports_precision_recall_and_F1_of_the_linked_pairs()
    {
        var file = SyntheticFile(500, 0.2, seed: 11);
        try
        {
            var before = await CountsAsync();
            var (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--truth-column", SyntheticCsv.TruthColumn);

            Assert.True(exit == 0, output);
            Assert.Contains("Rows read: 500", output);
            Assert.Matches(@"Linkage speed: \d+ records in [0-9.]+ s = \d+ records/s", output);
            var figures = Regex.Match(output, @"linked pairs: precision ([0-9.]+)  recall ([0-9.]+)  F1 ([0-9.]+)");
            Assert.True(figures.Success, output);
            Assert.True(double.Parse(figures.Groups[3].Value, CultureInfo.InvariantCulture) >= 0.9, output);
            Assert.Equal(before, await CountsAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
