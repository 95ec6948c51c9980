namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// One record per data subject per action, shaped after the Logboek Dataverwerkingen standard. Append-only:
/// no code path updates or deletes it, and database triggers refuse it. Hash-chained by <see cref="Sequence"/>.
/// </summary>
public sealed class ProcessingLogRecord
{
    public long Sequence { get; set; }
    /// <summary>W3C trace id: 16 bytes as 32 lower-case hex characters.</summary>
    public required string TraceId { get; set; }
    /// <summary>8 bytes as 16 hex characters.</summary>
    public required string SpanId { get; set; }
    public string? ParentSpanId { get; set; }
    /// <summary>What was done, e.g. "read", "create", "update".</summary>
    public required string Name { get; set; }
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset EndTime { get; set; }
    /// <summary>"ok" or "error".</summary>
    public required string Status { get; set; }
    /// <summary>Versioned id of the processing activity in the register of processing activities.</summary>
    public required string ProcessingActivityId { get; set; }
    /// <summary>The data subject as a keyed pseudonym: never a name or national id.</summary>
    public required string SubjectPseudonym { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>Who acted, for which organisation, and what the authorization decision was; linked by trace id.</summary>
public sealed class AccessLogRecord
{
    public long Sequence { get; set; }
    public required string TraceId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public Guid? UserId { get; set; }
    public Guid? OrganisationId { get; set; }
    /// <summary>The action asked for, e.g. "admin.users.read".</summary>
    public required string Action { get; set; }
    /// <summary>"allowed" or "denied".</summary>
    public required string Decision { get; set; }
    public string? Reason { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
