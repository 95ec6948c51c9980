using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// The hash chain over both logs: each record's hash is an HMAC over the previous hash and the record's
/// canonical text. The key lives outside the database, so whoever can edit the database cannot re-chain it.
/// </summary>
public sealed class LogChain(byte[] key)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public string Hash(ProcessingLogRecord r) => Compute(r.PreviousHash,
        r.Sequence.ToString(CultureInfo.InvariantCulture), r.TraceId, r.SpanId, r.ParentSpanId ?? "", r.Name,
        Time(r.StartTime), Time(r.EndTime), r.Status, r.ProcessingActivityId, r.SubjectPseudonym);

    public string Hash(AccessLogRecord r) => Compute(r.PreviousHash,
        r.Sequence.ToString(CultureInfo.InvariantCulture), r.TraceId, Time(r.OccurredAt), r.UserId?.ToString() ?? "",
        r.OrganisationId?.ToString() ?? "", r.Action, r.Decision, r.Reason ?? "");

    /// <summary>Times are stored with microsecond precision by PostgreSQL, so they are hashed at that precision.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    private static string Time(DateTimeOffset t) => Truncate(t).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private string Compute(string previous, params string[] fields)
    {
        var text = previous + "\n" + string.Join('\n', fields.Select(f => f.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>Turns a data subject's id into a keyed pseudonym: stable for searching the log, meaningless without the key.</summary>
public sealed class SubjectPseudonymizer(byte[] key)
{
    public string Pseudonymize(string subjectKind, Guid subjectId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(subjectKind + ":" + subjectId.ToString("N"))));
}
