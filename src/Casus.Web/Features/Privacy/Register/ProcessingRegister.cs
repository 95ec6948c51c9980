using System.Globalization;
using System.Text.Json;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>
/// The register of processing activities (GDPR art. 30) for the privacy officer: list, read an activity with its
/// history, publish a new version, export. Publishing never changes a version: it appends one and moves the entry's
/// pointer, so log records written before keep naming the version that applied to them.
/// </summary>
public sealed class ProcessingRegister(CasusDbContext db, ICurrentUser me, TimeProvider time, CurrentRegisterVersions current, IProcessingLogger log)
{
    public static readonly IReadOnlyList<string> SortKeys = ["name", "-name", "purpose", "-purpose", "changed", "-changed"];
    public static readonly IReadOnlyList<string> ExportFormats = ["json", "csv"];

    public async Task<IReadOnlyList<RegisterListItem>> ListAsync(string? search = null, string? sort = null, CancellationToken ct = default)
    {
        var entries = await db.Set<RegisterEntry>().AsNoTracking().ToListAsync(ct);
        var versions = await db.Set<RegisterVersion>().AsNoTracking()
            .Select(v => new { v.Key, v.Number, v.PurposeNl, v.PurposeEn, v.CreatedAt }).ToListAsync(ct);
        var items = entries.Select(e =>
        {
            var mine = versions.Where(v => v.Key == e.Key).ToList();
            var head = mine.Single(v => v.Number == e.CurrentVersion);
            return new RegisterListItem(e.Key, e.CurrentVersion, ProcessingActivity.IdOf(e.Key, e.CurrentVersion), head.PurposeNl, head.PurposeEn,
                mine.Count, mine.Max(v => v.CreatedAt));
        });
        // The register is a few dozen lines at most: searched and sorted in memory, in both languages.
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            items = items.Where(i => i.Key.Contains(term, StringComparison.OrdinalIgnoreCase)
                || i.PurposeNl.Contains(term, StringComparison.OrdinalIgnoreCase) || i.PurposeEn.Contains(term, StringComparison.OrdinalIgnoreCase));
        }
        return (sort switch
        {
            "-name" => items.OrderByDescending(i => i.Key, StringComparer.Ordinal),
            "purpose" => items.OrderBy(Purpose, StringComparer.CurrentCulture),
            "-purpose" => items.OrderByDescending(Purpose, StringComparer.CurrentCulture),
            "changed" => items.OrderBy(i => i.LastChangedAt),
            "-changed" => items.OrderByDescending(i => i.LastChangedAt),
            _ => items.OrderBy(i => i.Key, StringComparer.Ordinal),
        }).ToList();
    }

    /// <summary>The purpose in the reader's language.</summary>
    public static string Purpose(RegisterListItem item) => Dutch ? item.PurposeNl : item.PurposeEn;

    public static bool Dutch => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl";

    public async Task<Result<RegisterActivityView>> GetAsync(string key, CancellationToken ct = default)
    {
        var entry = await db.Set<RegisterEntry>().AsNoTracking().SingleOrDefaultAsync(e => e.Key == key, ct);
        if (entry is null)
        {
            return AppError.NotFound();
        }
        var versions = await db.Set<RegisterVersion>().AsNoTracking().Where(v => v.Key == key).OrderBy(v => v.Number).ToListAsync(ct);
        var authorIds = versions.Select(v => v.CreatedBy).OfType<Guid>().Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var views = versions.Select((v, i) => View(v, entry.CurrentVersion, i == 0 ? null : versions[i - 1], authors)).Reverse().ToList();
        return new RegisterActivityView(entry.Key, entry.CurrentVersion, ProcessingActivity.IdOf(entry.Key, entry.CurrentVersion), entry.Version, views);
    }

    /// <summary>
    /// Publishes a new version of an activity. <paramref name="expected"/> is the entry's version the writer read (the
    /// form's hidden field or If-Match): someone else's publication in between is refused. The same form sent twice
    /// (its <see cref="RegisterVersionInput.SubmissionId"/>) makes one version.
    /// </summary>
    public async Task<Result<RegisterActivityView>> PublishAsync(string key, Guid expected, RegisterVersionInput input, CancellationToken ct = default)
    {
        var entry = await db.Set<RegisterEntry>().SingleOrDefaultAsync(e => e.Key == key, ct);
        if (entry is null)
        {
            return AppError.NotFound();
        }
        if (input.SubmissionId is { } submission && await db.Set<RegisterVersion>().AnyAsync(v => v.Key == key && v.SubmissionId == submission, ct))
        {
            return await GetAsync(key, ct);
        }
        if (entry.Version != expected)
        {
            return AppError.Conflict();
        }
        var currentVersion = await db.Set<RegisterVersion>().AsNoTracking().SingleAsync(v => v.Key == key && v.Number == entry.CurrentVersion, ct);
        if (Validate(input, currentVersion) is { } error)
        {
            return error;
        }
        var number = entry.CurrentVersion + 1;
        var version = new RegisterVersion
        {
            Key = key, Number = number, ActivityId = ProcessingActivity.IdOf(key, number),
            PurposeNl = T(input.PurposeNl), PurposeEn = T(input.PurposeEn),
            DataSubjectsNl = T(input.DataSubjectsNl), DataSubjectsEn = T(input.DataSubjectsEn),
            PersonalDataNl = T(input.PersonalDataNl), PersonalDataEn = T(input.PersonalDataEn),
            RecipientsNl = T(input.RecipientsNl), RecipientsEn = T(input.RecipientsEn),
            RetentionNl = T(input.RetentionNl), RetentionEn = T(input.RetentionEn),
            LegalBasisNl = T(input.LegalBasisNl), LegalBasisEn = T(input.LegalBasisEn),
            ControllerNl = T(input.ControllerNl), ControllerEn = T(input.ControllerEn),
            ChangeNote = T(input.ChangeNote), CreatedAt = time.GetUtcNow(), CreatedBy = me.UserId, SubmissionId = input.SubmissionId,
        };
        db.Add(version);
        entry.CurrentVersion = number;
        // Who changed the register is in the access log; the register itself holds no data about persons.
        await log.RecordAsync(PrivacyActivities.Supervision, "register-publish", [], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        catch (DbUpdateException)
        {
            // The unique (key, number) or submission index: another publication of the same moment won.
            db.ChangeTracker.Clear();
            if (input.SubmissionId is { } again && await db.Set<RegisterVersion>().AnyAsync(v => v.Key == key && v.SubmissionId == again, ct))
            {
                return await GetAsync(key, ct);
            }
            return AppError.Conflict();
        }
        current.Invalidate();
        return await GetAsync(key, ct);
    }

    private static string T(string? value) => value?.Trim() ?? "";

    private static AppError? Validate(RegisterVersionInput input, RegisterVersion currentVersion)
    {
        var errors = new FieldErrors();
        foreach (var field in RegisterFields.All)
        {
            foreach (var property in new[] { field.Nl, field.En })
            {
                var value = input.Get(property);
                if (field.Required && string.IsNullOrWhiteSpace(value))
                {
                    errors.Add(property, $"Validation.Register.{property}.Required");
                }
                else if (value is not null && value.Trim().Length > field.Max)
                {
                    errors.Add(property, "Validation.Register.TooLong");
                }
            }
        }
        if (string.IsNullOrWhiteSpace(input.ChangeNote))
        {
            errors.Add("ChangeNote", "Validation.Register.ChangeNote.Required");
        }
        else if (input.ChangeNote.Trim().Length > RegisterRules.ChangeNoteMax)
        {
            errors.Add("ChangeNote", "Validation.Register.TooLong");
        }
        if (!errors.Any && RegisterFields.All.All(f => T(input.Get(f.Nl)) == f.GetNl(currentVersion) && T(input.Get(f.En)) == f.GetEn(currentVersion)))
        {
            // A version that says the same would only make the log's ids differ for nothing.
            errors.Add("PurposeNl", "Validation.Register.Unchanged");
        }
        return errors.Any ? errors.ToError() : null;
    }

    private static RegisterVersionView View(RegisterVersion v, int currentNumber, RegisterVersion? previous, Dictionary<Guid, string> authors) => new(
        v.ActivityId, v.Number, v.Number == currentNumber,
        v.PurposeNl, v.PurposeEn, v.DataSubjectsNl, v.DataSubjectsEn, v.PersonalDataNl, v.PersonalDataEn,
        v.RecipientsNl, v.RecipientsEn, v.RetentionNl, v.RetentionEn, v.LegalBasisNl, v.LegalBasisEn, v.ControllerNl, v.ControllerEn,
        v.ChangeNote, v.CreatedAt, v.CreatedBy, v.CreatedBy is { } by && authors.TryGetValue(by, out var name) ? name : null,
        previous is null ? [] : RegisterFields.All.Where(f => f.GetNl(v) != f.GetNl(previous) || f.GetEn(v) != f.GetEn(previous)).Select(f => f.Name).ToList());

    /// <summary>The purpose of every version id, in the reader's language, for the log search's "activity" column.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PurposesByIdAsync(CancellationToken ct = default)
    {
        var versions = await db.Set<RegisterVersion>().AsNoTracking().Select(v => new { v.ActivityId, v.PurposeNl, v.PurposeEn }).ToListAsync(ct);
        return versions.ToDictionary(v => v.ActivityId, v => Dutch ? v.PurposeNl : v.PurposeEn, StringComparer.Ordinal);
    }

    /// <summary>The whole register with every version, as JSON (one object per activity) or CSV (one line per version).</summary>
    public async Task<Result<RegisterExport>> ExportAsync(string format, CancellationToken ct = default)
    {
        if (!ExportFormats.Contains(format))
        {
            return AppError.Validation(new Dictionary<string, string[]> { ["format"] = ["Validation.Register.Format"] });
        }
        var activities = new List<RegisterActivityView>();
        foreach (var item in await ListAsync(null, "name", ct))
        {
            activities.Add((await GetAsync(item.Key, ct)).Value!);
        }
        var stamp = time.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return format == "json"
            ? new RegisterExport(JsonSerializer.SerializeToUtf8Bytes(new { exportedAt = time.GetUtcNow(), activities }, Indented), "application/json", $"casus-register-{stamp}.json")
            : new RegisterExport(Csv(activities), "text/csv", $"casus-register-{stamp}.csv");
    }

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static byte[] Csv(IReadOnlyList<RegisterActivityView> activities)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            string[] head = ["key", "activity_id", "version", "current"];
            foreach (var column in head.Concat(RegisterFields.All.SelectMany(f => new[] { f.Nl, f.En })).Concat(["change_note", "created_at", "created_by"]))
            {
                csv.WriteField(column);
            }
            csv.NextRecord();
            foreach (var a in activities)
            {
                foreach (var v in a.Versions.OrderBy(v => v.Number))
                {
                    csv.WriteField(a.Key);
                    csv.WriteField(v.ActivityId);
                    csv.WriteField(v.Number.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(v.Current ? "yes" : "no");
                    foreach (var f in RegisterFields.All)
                    {
                        csv.WriteField(v.Text(f.Nl));
                        csv.WriteField(v.Text(f.En));
                    }
                    csv.WriteField(v.ChangeNote);
                    csv.WriteField(v.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    csv.WriteField(v.CreatedByName);
                    csv.NextRecord();
                }
            }
        }
        return buffer.ToArray();
    }
}

public sealed record RegisterExport(byte[] Content, string ContentType, string FileName);
