using System.Globalization;
using System.Text;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Signals.Import;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Signals;

/// <summary>
/// What an operator gets wrong with earlier records: importing the same file twice, and dates of birth someone was
/// not sure of. A database of its own, because these imports change what the other import tests count.
/// </summary>
public sealed class ImportSafeguardsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(int ExitCode, string Output)> ImportAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await ImportCommand.RunAsync(app.Services, args, output);
        return (exit, output.ToString());
    }

    private sealed record Counts(int Signals, int Persons, int Keys);

    private Task<Counts> CountsAsync() => app.WithDbAsync(async db => new Counts(
        await db.Set<Signal>().CountAsync(), await db.Set<Person>().CountAsync(), await db.Set<PersonDataKey>().CountAsync()));

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

    private static string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"casus-import-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task The_same_file_committed_twice_is_refused_unless_again_is_given()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var file = TempFile($"Voornaam;Achternaam;Geboortedatum;Omschrijving\r\nTeun;Wolters;1988;Eerdere registratie {marker}.\r\nRoos;Hendriks;1991;Eerdere registratie {marker}.\r\n");
        try
        {
            var (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--commit");
            Assert.True(exit == 0, output);
            Assert.DoesNotContain("imported into Oosterveld before", output);
            var afterFirst = await CountsAsync();

            (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--commit");
            Assert.Equal(1, exit);
            Assert.Contains("This file was imported into Oosterveld before, on ", output);
            Assert.Contains("(2 signals)", output);
            Assert.Contains("Give --again if that is what you want", output);
            Assert.Equal(afterFirst, await CountsAsync());

            // A dry run says so too, and another municipality is another matter.
            (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld");
            Assert.Equal(0, exit);
            Assert.Contains("This file was imported into Oosterveld before", output);
            (_, output) = await ImportAsync(file, "--municipality", "Lindendal");
            Assert.DoesNotContain("imported into", output);

            (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--again", "--commit");
            Assert.True(exit == 0, output);
            Assert.Equal(afterFirst.Signals + 2, (await CountsAsync()).Signals);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unsure_date_of_birth_is_read_from_its_own_column_or_a_trailing_question_mark()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var file = TempFile("Voornaam;Achternaam;Geboortedatum;Geboortedatum onzeker;Omschrijving\r\n"
            + $"Ilse;Brouwer;12-04-1995;ja;Onzeker {marker}.\r\n"
            + $"Koen;Smit;1993-07-01?;;Onzeker {marker}.\r\n"
            + $"Lotte;Mulder;03-03-2001;nee;Onzeker {marker}.\r\n"
            + $"Bram;Kok;03-03-2002;misschien;Onzeker {marker}.\r\n");
        try
        {
            var (exit, output) = await ImportAsync(file, "--municipality", "Oosterveld", "--commit");
            Assert.True(exit == 0, output);
            Assert.Contains("line 5: date of birth unsure 'misschien' is not yes or no", output);
            var imported = (await ImportedAsync("Oosterveld")).Where(i => i.Subject.Surname is "Brouwer" or "Smit" or "Mulder").ToList();
            Assert.Equal(3, imported.Count);
            Assert.True(imported.Single(i => i.Subject.Surname == "Brouwer").Subject.DateOfBirthUnsure);
            var smit = imported.Single(i => i.Subject.Surname == "Smit").Subject;
            Assert.True(smit.DateOfBirthUnsure);
            Assert.Equal("1993-07-01", smit.DateOfBirth?.ToString());
            Assert.False(imported.Single(i => i.Subject.Surname == "Mulder").Subject.DateOfBirthUnsure);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
