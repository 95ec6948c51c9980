using System.Globalization;
using System.Text.Json;
using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.SubjectRights;

/// <summary>One field of a report part: a stable name (machine-readable, translated on paper) and its value.</summary>
public sealed record ReportField(string Name, string? Value);

/// <summary>
/// One part of an access report: a record about the person, with the organisation it came from. Parts from the
/// police or the public prosecution service need the privacy officer's decision (disclose or withhold).
/// </summary>
public sealed record ReportPart(string Key, string Section, string Title, string SourceOrganisation, string? SourceType,
    bool NeedsDecision, bool? Withhold, string? WithholdReason, IReadOnlyList<ReportField> Fields)
{
    /// <summary>Withheld when the officer decided so; undecided police parts count as "to decide".</summary>
    public bool Withheld => Withhold == true;
    public bool Undecided => NeedsDecision && Withhold is null;
}

public sealed record AccessReportDocument(Guid RequestId, string RecordReference, DateOnly ReceivedOn, DateOnly DueOn, DateTimeOffset GeneratedAt,
    IReadOnlyList<string> SharedWith, IReadOnlyList<ReportPart> Parts);

/// <summary>
/// Builds the access report (art. 15 GDPR): everything Casus holds about the person of an access request — their
/// signals with the decrypted identifying data, narratives and history; weighing decisions; cases with timeline
/// and members (the organisations it was shared with); assessments; and the processing log records about them.
/// Only records of this person are read: by their person id and their log pseudonym.
/// </summary>
public sealed class AccessReport(CasusDbContext db, PersonDataProtector protector, SubjectPseudonymizer pseudonymizer, IProcessingLogger log,
    SubjectRequests requests, TimeProvider time)
{
    private static readonly OrganisationType[] DecisionTypes = [OrganisationType.Police, OrganisationType.PublicProsecution];

    /// <summary>The report for the request, without logging (the request page shows the parts to decide).</summary>
    public async Task<Result<AccessReportDocument>> BuildAsync(Guid requestId, CancellationToken ct)
    {
        var found = await requests.GetAsync(requestId, ct);
        if (!found.Ok)
        {
            return found.Error!;
        }
        var request = found.Value!;
        if (request.Kind != SubjectRequestKind.Access)
        {
            return new AppError("not_an_access_request", StatusCodes.Status409Conflict, "SubjectRights.NotAccess");
        }
        var personId = request.PersonId;
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name, o.Type }).ToDictionaryAsync(o => o.Id, ct);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.OrganisationId }).ToDictionaryAsync(u => u.Id, u => u.OrganisationId, ct);
        var municipalities = await db.Municipalities.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var decisions = await db.Set<SubjectRequestPart>().AsNoTracking().Where(p => p.RequestId == requestId).ToDictionaryAsync(p => p.PartKey, ct);
        string OrgName(Guid? id) => id is { } g && organisations.TryGetValue(g, out var o) ? o.Name : "";
        OrganisationType? OrgType(Guid? id) => id is { } g && organisations.TryGetValue(g, out var o) ? o.Type : null;
        string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var parts = new List<ReportPart>();
        void Add(string key, string section, string title, Guid? organisationId, string? fallbackSource, List<ReportField> fields)
        {
            var type = OrgType(organisationId);
            var needs = type is { } t && DecisionTypes.Contains(t);
            decisions.TryGetValue(key, out var decision);
            parts.Add(new ReportPart(key, section, title, organisationId is null ? fallbackSource ?? "" : OrgName(organisationId), type?.ToString(),
                needs, decision?.Withhold, decision?.Reason, fields));
        }

        var signals = await db.Set<Signal>().AsNoTracking().Where(s => s.PersonId == personId).OrderBy(s => s.ReceivedAt).ToListAsync(ct);
        var signalIds = signals.Select(s => s.Id).ToList();
        var signalEvents = await db.Set<SignalEvent>().AsNoTracking().Where(e => signalIds.Contains(e.SignalId)).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        foreach (var s in signals)
        {
            var fields = new List<ReportField>
            {
                new("reference", s.Reference), new("received_at", Time(s.ReceivedAt)), new("municipality", municipalities.GetValueOrDefault(s.MunicipalityId)),
                new("source", s.Source.ToString()), new("phenomenon", s.Phenomenon.ToString()), new("indicators", string.Join(", ", s.Indicators)),
                new("urgency", s.Urgency.ToString()), new("status", s.Status.ToString()), new("outcome", s.Outcome?.ToString()),
            };
            var subjectJson = await DecryptAsync(s.DataKeyId, SignalFields.Subject, s.SubjectCiphertext, ct);
            if (subjectJson is null)
            {
                fields.Add(new("subject", Destroyed));
            }
            else
            {
                var subject = JsonSerializer.Deserialize<SignalSubject>(subjectJson, SignalRules.Json)!;
                fields.Add(new("name", subject.DisplayName));
                fields.Add(new("date_of_birth", subject.DateOfBirth?.ToString()));
                fields.Add(new("national_id", subject.NationalId));
                fields.Add(new("address", subject.Address));
                fields.Add(new("aliases", string.Join(", ", subject.Aliases)));
                fields.Add(new("online", string.Join(" ", new[] { subject.OnlinePlatform, subject.OnlineHandle }.Where(x => !string.IsNullOrWhiteSpace(x)))));
            }
            fields.Add(new("narrative", await DecryptAsync(s.DataKeyId, SignalFields.Narrative, s.NarrativeCiphertext, ct) ?? Destroyed));
            foreach (var e in signalEvents.Where(e => e.SignalId == s.Id))
            {
                var detail = e.DetailCiphertext is null ? null : await DecryptAsync(s.DataKeyId, SignalFields.EventDetail, e.DetailCiphertext, ct) ?? Destroyed;
                fields.Add(new("event", Line(Time(e.At), e.Kind.ToString(), e.StatusTo?.ToString(), OrgName(e.ActorOrganisationId), detail)));
            }
            Add($"signal:{s.Id}", "signal", s.Reference, s.ReporterOrganisationId, municipalities.GetValueOrDefault(s.MunicipalityId), fields);
        }

        var weighings = await db.Set<WeighingDecision>().AsNoTracking().Where(w => w.PersonId == personId).OrderBy(w => w.DecidedAt).ToListAsync(ct);
        foreach (var w in weighings)
        {
            var fields = new List<ReportField>
            {
                new("decided_at", Time(w.DecidedAt)), new("outcome", w.Outcome.ToString()), new("status", w.Status.ToString()),
                new("criteria", w.CriteriaCodes.Replace(';', ' ')), new("parties", w.Parties.Replace(';', ' ')),
                new("proportionality", await DecryptAsync(w.DataKeyId, WeighingFields.Proportionality, w.ProportionalityCiphertext, ct) ?? Destroyed),
                new("subsidiarity", await DecryptAsync(w.DataKeyId, WeighingFields.Subsidiarity, w.SubsidiarityCiphertext, ct) ?? Destroyed),
            };
            if (w.RejectionReasonCiphertext is not null)
            {
                fields.Add(new("rejection_reason", await DecryptAsync(w.DataKeyId, WeighingFields.RejectionReason, w.RejectionReasonCiphertext, ct) ?? Destroyed));
            }
            var signalReference = signals.FirstOrDefault(s => s.Id == w.SignalId)?.Reference ?? "";
            Add($"weighing:{w.Id}", "weighing", signalReference, users.GetValueOrDefault(w.DecidedByUserId), null, fields);
        }

        var sharedWith = new SortedSet<string>(StringComparer.Ordinal);
        var cases = await db.Set<Case>().AsNoTracking().Where(c => c.PersonId == personId).OrderBy(c => c.OpenedAt).ToListAsync(ct);
        var caseIds = cases.Select(c => c.Id).ToList();
        var caseEvents = await db.Set<CaseEvent>().AsNoTracking().Where(e => caseIds.Contains(e.CaseId)).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var members = await db.RecordMemberships.AsNoTracking().Where(m => m.RecordKind == CaseAccess.RecordKind && caseIds.Contains(m.RecordId)).OrderBy(m => m.ValidFrom).ToListAsync(ct);
        var assessments = await db.Set<Assessment>().AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).OrderBy(a => a.AssessedAt).ToListAsync(ct);
        foreach (var c in cases)
        {
            var fields = new List<ReportField>
            {
                new("reference", c.Reference), new("opened_at", Time(c.OpenedAt)), new("municipality", municipalities.GetValueOrDefault(c.MunicipalityId)),
                new("stage", c.Stage.ToString()), new("outcome", c.Outcome?.ToString()), new("closed_at", c.ClosedAt is { } closed ? Time(closed) : null),
            };
            foreach (var m in members.Where(m => m.RecordId == c.Id))
            {
                sharedWith.Add(OrgName(m.OrganisationId));
                fields.Add(new("member", Line(OrgName(m.OrganisationId), m.Purpose, m.LegalBasis, Time(m.ValidFrom) + " – " + (m.ValidUntil is { } u ? Time(u) : "…"))));
            }
            foreach (var e in caseEvents.Where(e => e.CaseId == c.Id))
            {
                var detail = e.DetailCiphertext is null ? null : await DecryptAsync(c.DataKeyId, CaseFields.EventDetail, e.DetailCiphertext, ct) ?? Destroyed;
                fields.Add(new("event", Line(Time(e.At), e.Kind.ToString(), e.StageTo?.ToString(), OrgName(e.ActorOrganisationId), detail)));
            }
            Add($"case:{c.Id}", "case", c.Reference, users.GetValueOrDefault(c.CoordinatorUserId), null, fields);
            foreach (var a in assessments.Where(a => a.CaseId == c.Id))
            {
                Add($"assessment:{a.Id}", "assessment", $"{c.Reference} — {a.TemplateKey}", a.AssessorOrganisationId, null,
                [
                    new("assessed_at", Time(a.AssessedAt)), new("template", $"{a.TemplateKey} v{a.TemplateVersion}"), new("assessor_role", a.AssessorRole),
                    new("result", await DecryptAsync(c.DataKeyId, AssessmentFields.Result, a.ResultCiphertext, ct) ?? Destroyed),
                ]);
            }
        }

        // Who processed the person's data, from the log: by the person's pseudonym only.
        var pseudonym = pseudonymizer.Pseudonymize("person", personId);
        var records = await (from p in db.ProcessingLog.AsNoTracking()
                             join a in db.AccessLog.AsNoTracking() on new { p.TraceId, p.Name } equals new { a.TraceId, Name = a.Action }
                             where p.SubjectPseudonym == pseudonym
                             orderby a.OccurredAt, a.Sequence
                             select new { a.OccurredAt, a.OrganisationId, p.ProcessingActivityId, p.Name }).ToListAsync(ct);
        Add("log", "log", "", null, "Casus",
            records.Select(r => new ReportField("processing", Line(Time(r.OccurredAt), OrgName(r.OrganisationId), r.ProcessingActivityId, r.Name))).ToList());
        foreach (var r in records)
        {
            if (r.OrganisationId is { } o)
            {
                sharedWith.Add(OrgName(o));
            }
        }
        return new AccessReportDocument(request.Id, request.RecordReference, request.ReceivedOn, request.DueOn, time.GetUtcNow(),
            sharedWith.Where(s => s.Length > 0).ToList(), parts);
    }

    /// <summary>Builds the report to hand out, records that it was generated (in the log, about the person, and on the request).</summary>
    public async Task<Result<AccessReportDocument>> GenerateAsync(Guid requestId, CancellationToken ct)
    {
        var report = await BuildAsync(requestId, ct);
        if (!report.Ok)
        {
            return report;
        }
        var request = (await requests.GetAsync(requestId, ct)).Value!;
        await log.RecordAsync(SubjectRightsActivities.SubjectRights, "access-report", [SignalActivities.Subject(request.PersonId)], ct);
        await requests.MarkReportGeneratedAsync(requestId, ct);
        return report;
    }

    public const string Destroyed = "[destroyed]";

    private static string Line(params string?[] parts) => string.Join(" — ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private async Task<string?> DecryptAsync(Guid keyId, string field, string ciphertext, CancellationToken ct)
    {
        try
        {
            return await protector.DecryptAsync(keyId, field, ciphertext, ct);
        }
        catch (PersonDataShreddedException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The machine-readable report: withheld parts keep their place and ground, without their content.</summary>
    public static byte[] Json(AccessReportDocument report) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        report.RequestId, report.RecordReference, report.ReceivedOn, report.DueOn, report.GeneratedAt, report.SharedWith,
        Parts = report.Parts.Select(p => new
        {
            p.Key, p.Section, p.Title, p.SourceOrganisation, p.SourceType,
            Disclosure = p.Withheld ? "withheld" : p.Undecided ? "to-decide" : "disclosed",
            WithheldGround = p.Withheld ? p.WithholdReason : null,
            Fields = p.Withheld ? null : p.Fields.Select(f => new { f.Name, f.Value }),
        }),
    }, Indented);
}
