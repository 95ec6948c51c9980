using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Casus.Web.Features.Privacy;

/// <summary>
/// What the privacy officer searches the log by. A person is named by the reference of one of their signals or
/// cases, never by name; the search travels in a request body or a protected token, never in an address.
/// </summary>
public sealed record LogSearch(
    string? Reference = null, Guid? UserId = null, Guid? OrganisationId = null, string? ActivityId = null,
    DateOnly? From = null, DateOnly? To = null, string? Decision = null, string? Sort = null, int? Page = null, int? PageSize = null);

/// <summary>One line of the log as the privacy officer reads it: an access record and, when data was processed, one processing record.</summary>
public sealed record LogRow(
    DateTimeOffset At, Guid? UserId, string? UserName, Guid? OrganisationId, string? OrganisationName, string Action,
    string? ActivityId, string? SubjectKind, string? SubjectPseudonym, string? SubjectName, string Decision, string? Reason,
    string TraceId, string? SpanId, string? ParentSpanId, DateTimeOffset? EndTime, string? Status, long AccessSequence, long? ProcessingSequence,
    string? ActivityPurpose = null)
{
    /// <summary>Enough of the pseudonym to tell subjects apart on screen; the export carries it whole.</summary>
    public string? ShortPseudonym => SubjectPseudonym is { Length: > 10 } p ? p[..10] : SubjectPseudonym;
}

public sealed record LogExport(byte[] Content, string ContentType, string FileName);

/// <summary>
/// Searches and exports the processing log for the privacy officer, within their region: records of actors of the
/// region's organisations, and — when a person of the region is searched — every record about that person,
/// whoever acted. Every search and export is itself recorded.
/// </summary>
public sealed partial class ProcessingLogSearch(
    CasusDbContext db, ICurrentUser me, SubjectPseudonymizer pseudonymizer, IProcessingLogger log, TimeProvider time,
    IOptions<PrivacyOptions> options)
{
    public const int MaxExport = 50_000;
    public static readonly IReadOnlyList<string> SortKeys = ["time", "-time"];
    public static readonly IReadOnlyList<string> Decisions = ["allowed", "denied"];

    [GeneratedRegex("^[SC][0-9]{2}-[A-Z0-9]{6}$")]
    private static partial Regex ReferencePattern();

    private sealed record Criteria(LogSearch Search, Guid? PersonId, string? PersonPseudonym, string? UserPseudonym, List<Guid> RegionOrganisations);

    /// <summary>Checks the search and resolves the reference to a person of the officer's region.</summary>
    public async Task<Result<LogSearch>> ValidateAsync(LogSearch search, CancellationToken ct)
    {
        var criteria = await ResolveAsync(search, ct);
        return criteria.Ok ? criteria.Value!.Search : criteria.Error!;
    }

    public async Task<Result<PageOf<LogRow>>> SearchAsync(LogSearch search, CancellationToken ct)
    {
        var resolved = await ResolveAsync(search, ct);
        if (!resolved.Ok)
        {
            return resolved.Error!;
        }
        var criteria = resolved.Value!;
        var query = new ListQuery(search.Page ?? 1, search.PageSize ?? 25, null, search.Sort);
        var rows = Filter(criteria);
        var total = await rows.CountAsync(ct);
        var page = await Sorted(rows, search.Sort).Skip(query.Skip).Take(query.SafePageSize).ToListAsync(ct);
        await RecordAsync(criteria, "search", ct);
        return new PageOf<LogRow>(await ToRowsAsync(page, ct), query.SafePage, query.SafePageSize, total);
    }

    /// <summary>The whole search, oldest first, as CSV or as JSON in the shape of the Logboek Dataverwerkingen (docs/processing-log.md).</summary>
    public async Task<Result<LogExport>> ExportAsync(LogSearch search, string format, CancellationToken ct)
    {
        if (format is not ("csv" or "json"))
        {
            return new FieldErrors().Add("Format", "Validation.Format.Invalid").ToError();
        }
        var resolved = await ResolveAsync(search, ct);
        if (!resolved.Ok)
        {
            return resolved.Error!;
        }
        var criteria = resolved.Value!;
        var page = await Sorted(Filter(criteria), "time").Take(MaxExport + 1).ToListAsync(ct);
        if (page.Count > MaxExport)
        {
            return new FieldErrors().Add("Search", "Validation.Search.TooManyToExport").ToError();
        }
        var rows = await ToRowsAsync(page, ct);
        await RecordAsync(criteria, "export", ct);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return format == "csv"
            ? new LogExport(Csv(rows), "text/csv; charset=utf-8", $"processing-log-{stamp}.csv")
            : new LogExport(Json(rows, time.GetUtcNow()), "application/json", $"processing-log-{stamp}.json");
    }

    /// <summary>Choices of the search form: the region's users and organisations.</summary>
    public async Task<(IReadOnlyList<Choice> Users, IReadOnlyList<Choice> Organisations)> ChoicesAsync(CancellationToken ct)
    {
        var region = me.RegionId ?? Guid.Empty;
        var users = await db.Users.AsNoTracking().Where(u => u.Organisation!.RegionId == region)
            .OrderBy(u => u.DisplayName).Select(u => new Choice(u.Id.ToString(), u.DisplayName, u.Organisation!.Name)).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => o.RegionId == region)
            .OrderBy(o => o.Name).Select(o => new Choice(o.Id.ToString(), o.Name, null)).ToListAsync(ct);
        return (users, organisations);
    }

    private async Task<Result<Criteria>> ResolveAsync(LogSearch search, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var region = me.RegionId ?? Guid.Empty;
        Guid? personId = null;
        var reference = string.IsNullOrWhiteSpace(search.Reference) ? null : search.Reference.Trim().ToUpperInvariant();
        if (reference is not null)
        {
            if (!ReferencePattern().IsMatch(reference))
            {
                errors.Add("Reference", "Validation.Reference.Invalid");
            }
            else
            {
                // Only the person's id is read, and only when the record lies in the officer's region: no case content.
                var regionMunicipalities = db.Municipalities.Where(m => m.RegionId == region).Select(m => m.Id);
                personId = reference[0] == 'S'
                    ? await db.Set<Signal>().Where(s => s.Reference == reference && regionMunicipalities.Contains(s.MunicipalityId)).Select(s => (Guid?)s.PersonId).SingleOrDefaultAsync(ct)
                    : await db.Set<Case>().Where(c => c.Reference == reference && regionMunicipalities.Contains(c.MunicipalityId)).Select(c => (Guid?)c.PersonId).SingleOrDefaultAsync(ct);
                if (personId is null)
                {
                    errors.Add("Reference", "Validation.Reference.NotFound");
                }
            }
        }
        if (search.UserId is { } userId && !await db.Users.AnyAsync(u => u.Id == userId && u.Organisation!.RegionId == region, ct))
        {
            errors.Add("UserId", "Validation.UserId.NotFound");
        }
        if (search.OrganisationId is { } organisationId && !await db.Organisations.AnyAsync(o => o.Id == organisationId && o.RegionId == region, ct))
        {
            errors.Add("OrganisationId", "Validation.OrganisationId.NotFound");
        }
        if (search.ActivityId is { Length: > 0 } activity && PrivacyActivities.ActivityFilter(activity) is null)
        {
            errors.Add("ActivityId", "Validation.ActivityId.Invalid");
        }
        if (search.From is { } from && search.To is { } to && to < from)
        {
            errors.Add("To", "Validation.To.BeforeFrom");
        }
        if (search.Decision is { Length: > 0 } decision && !Decisions.Contains(decision))
        {
            errors.Add("Decision", "Validation.Decision.Invalid");
        }
        if (search.Sort is { Length: > 0 } sort && !SortKeys.Contains(sort))
        {
            errors.Add("Sort", "Validation.Sort.Invalid");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var organisations = await db.Organisations.Where(o => o.RegionId == region).Select(o => o.Id).ToListAsync(ct);
        return new Criteria(search with { Reference = reference, ActivityId = NullIfEmpty(search.ActivityId), Decision = NullIfEmpty(search.Decision) },
            personId, personId is { } p ? pseudonymizer.Pseudonymize("person", p) : null,
            search.UserId is { } u ? pseudonymizer.Pseudonymize("user", u) : null, organisations);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed class Joined
    {
        public required AccessLogRecord Access { get; init; }
        public ProcessingLogRecord? Processing { get; init; }
    }

    /// <summary>
    /// Access ⋈ processing by trace id and action: one request records its access and its processing records under
    /// one trace. A denied access has no processing records and stays a line of its own.
    /// </summary>
    private IQueryable<Joined> Filter(Criteria c)
    {
        var rows = from a in db.AccessLog.AsNoTracking()
                   join p in db.ProcessingLog.AsNoTracking() on new { a.TraceId, Name = a.Action } equals new { p.TraceId, p.Name } into ps
                   from p in ps.DefaultIfEmpty()
                   select new Joined { Access = a, Processing = p };
        var s = c.Search;
        if (c.PersonPseudonym is { } person)
        {
            rows = rows.Where(r => r.Processing != null && r.Processing.SubjectPseudonym == person);
        }
        else
        {
            var organisations = c.RegionOrganisations;
            rows = rows.Where(r => r.Access.OrganisationId != null && organisations.Contains(r.Access.OrganisationId.Value));
        }
        if (s.UserId is { } user)
        {
            var asSubject = c.UserPseudonym;
            rows = rows.Where(r => r.Access.UserId == user || (r.Processing != null && r.Processing.SubjectPseudonym == asSubject));
        }
        if (s.OrganisationId is { } organisation)
        {
            rows = rows.Where(r => r.Access.OrganisationId == organisation);
        }
        if (s.ActivityId is { } activity && PrivacyActivities.ActivityFilter(activity) is { } filter)
        {
            // A key matches every version of the activity in the register; a versioned id only itself.
            var value = filter.Value;
            rows = filter.Exact
                ? rows.Where(r => r.Processing != null && r.Processing.ProcessingActivityId == value)
                : rows.Where(r => r.Processing != null && r.Processing.ProcessingActivityId.StartsWith(value));
        }
        var zone = options.Value.Zone();
        if (s.From is { } from)
        {
            var start = StartOfDay(from, zone);
            rows = rows.Where(r => r.Access.OccurredAt >= start);
        }
        if (s.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1), zone);
            rows = rows.Where(r => r.Access.OccurredAt < end);
        }
        if (s.Decision is { } decision)
        {
            rows = rows.Where(r => r.Access.Decision == decision);
        }
        return rows;
    }

    /// <summary>A day of the period starts at midnight where the officer works, not at midnight UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static IQueryable<Joined> Sorted(IQueryable<Joined> rows, string? sort) => sort == "time"
        ? rows.OrderBy(r => r.Access.OccurredAt).ThenBy(r => r.Access.Sequence).ThenBy(r => r.Processing!.Sequence)
        : rows.OrderByDescending(r => r.Access.OccurredAt).ThenByDescending(r => r.Access.Sequence).ThenByDescending(r => r.Processing!.Sequence);

    private async Task<IReadOnlyList<LogRow>> ToRowsAsync(List<Joined> page, CancellationToken ct)
    {
        var organisationIds = page.Select(r => r.Access.OrganisationId).OfType<Guid>().Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        // A subject is a professional when its pseudonym is one of an account; every other subject is a person.
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        var names = users.ToDictionary(u => u.Id, u => u.DisplayName);
        var byPseudonym = users.ToDictionary(u => pseudonymizer.Pseudonymize("user", u.Id), u => u.DisplayName, StringComparer.Ordinal);
        // The purpose of the register's version each record names, in the reader's language.
        var activityIds = page.Select(r => r.Processing?.ProcessingActivityId).OfType<string>().Distinct().ToList();
        var purposes = (await db.Set<Register.RegisterVersion>().AsNoTracking().Where(v => activityIds.Contains(v.ActivityId))
                .Select(v => new { v.ActivityId, v.PurposeNl, v.PurposeEn }).ToListAsync(ct))
            .ToDictionary(v => v.ActivityId, v => Register.ProcessingRegister.Dutch ? v.PurposeNl : v.PurposeEn, StringComparer.Ordinal);
        return page.Select(r =>
        {
            var a = r.Access;
            var p = r.Processing;
            string? subjectName = null;
            var kind = p is null ? null : byPseudonym.TryGetValue(p.SubjectPseudonym, out subjectName) ? "user" : "person";
            return new LogRow(a.OccurredAt, a.UserId, a.UserId is { } u && names.TryGetValue(u, out var n) ? n : null,
                a.OrganisationId, a.OrganisationId is { } o && organisations.TryGetValue(o, out var on) ? on : null,
                a.Action, p?.ProcessingActivityId, kind, p?.SubjectPseudonym, subjectName, a.Decision, a.Reason,
                a.TraceId, p?.SpanId, p?.ParentSpanId, p?.EndTime, p?.Status, a.Sequence, p?.Sequence,
                p is not null && purposes.TryGetValue(p.ProcessingActivityId, out var purpose) ? purpose : null);
        }).ToList();
    }

    /// <summary>Reading the log about someone is itself processing of their data: the person or account searched is the subject.</summary>
    private Task RecordAsync(Criteria c, string action, CancellationToken ct)
    {
        var subjects = new List<DataSubject>();
        if (c.PersonId is { } person)
        {
            subjects.Add(new DataSubject("person", person));
        }
        if (c.Search.UserId is { } user)
        {
            subjects.Add(DataSubject.User(user));
        }
        return log.RecordAsync(PrivacyActivities.Supervision, action, subjects, ct);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string[] CsvColumns =
    [
        "time", "user_id", "user", "organisation_id", "organisation", "action", "processing_activity_id",
        "data_subject_id_type", "data_subject_id", "decision", "reason", "trace_id", "span_id", "access_sequence", "processing_sequence",
        "processing_activity_purpose",
    ];

    private static byte[] Csv(IReadOnlyList<LogRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(true)))
        // Names come from accounts: a cell starting with "=" must not become a formula in a spreadsheet.
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var column in CsvColumns)
            {
                csv.WriteField(column);
            }
            csv.NextRecord();
            foreach (var r in rows)
            {
                csv.WriteField(Iso(r.At));
                csv.WriteField(r.UserId?.ToString());
                csv.WriteField(r.UserName);
                csv.WriteField(r.OrganisationId?.ToString());
                csv.WriteField(r.OrganisationName);
                csv.WriteField(r.Action);
                csv.WriteField(r.ActivityId);
                csv.WriteField(r.SubjectKind);
                csv.WriteField(r.SubjectPseudonym);
                csv.WriteField(r.Decision);
                csv.WriteField(r.Reason);
                csv.WriteField(r.TraceId);
                csv.WriteField(r.SpanId);
                csv.WriteField(r.AccessSequence.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.ProcessingSequence?.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.ActivityPurpose);
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Processing records as Logboek Dataverwerkingen spans (OpenTelemetry field names, "dpl.core.*" attributes) with
    /// who acted as "casus.access.*" attributes; access records without processing (refusals) in a list of their own.
    /// </summary>
    private static byte[] Json(IReadOnlyList<LogRow> rows, DateTimeOffset exportedAt)
    {
        var document = new Dictionary<string, object?>
        {
            ["resource"] = new Dictionary<string, object?> { ["service.name"] = "casus", ["service.version"] = typeof(ProcessingLogSearch).Assembly.GetName().Version?.ToString() },
            ["exported_at"] = Iso(exportedAt),
            ["spans"] = rows.Where(r => r.SpanId is not null).Select(r => new Dictionary<string, object?>
            {
                ["trace_id"] = r.TraceId,
                ["span_id"] = r.SpanId,
                ["parent_span_id"] = r.ParentSpanId,
                ["name"] = r.Action,
                ["start_time"] = Iso(r.At),
                ["end_time"] = r.EndTime is { } end ? Iso(end) : null,
                ["status"] = new Dictionary<string, object?> { ["code"] = r.Status == "ok" ? "STATUS_CODE_OK" : "STATUS_CODE_ERROR" },
                ["attributes"] = new Dictionary<string, object?>
                {
                    ["dpl.core.processing_activity_id"] = r.ActivityId,
                    ["casus.processing_activity.purpose"] = r.ActivityPurpose,
                    ["dpl.core.data_subject_id"] = r.SubjectPseudonym,
                    ["dpl.core.data_subject_id_type"] = r.SubjectKind,
                    ["casus.access.user_id"] = r.UserId,
                    ["casus.access.organisation_id"] = r.OrganisationId,
                    ["casus.access.decision"] = r.Decision,
                    ["casus.log.sequence"] = r.ProcessingSequence,
                },
            }).ToList(),
            ["access_without_processing"] = rows.Where(r => r.SpanId is null).Select(r => new Dictionary<string, object?>
            {
                ["trace_id"] = r.TraceId,
                ["time"] = Iso(r.At),
                ["action"] = r.Action,
                ["user_id"] = r.UserId,
                ["organisation_id"] = r.OrganisationId,
                ["decision"] = r.Decision,
                ["reason"] = r.Reason,
                ["sequence"] = r.AccessSequence,
            }).ToList(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Indented);
    }
}
