using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Privacy;

/// <summary>
/// One run of <see cref="LogVerifier"/>: when, what it counted and where the chain first broke. A scheduled run is
/// keyed on its day ("daily:2026-11-25"), so of several web nodes only the first node's row is kept.
/// </summary>
public sealed class LogVerification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>"daily:yyyy-MM-dd" for the scheduled run, "manual:…" or "operator:…" for the others; unique.</summary>
    public required string RunKey { get; set; }
    public DateTimeOffset VerifiedAt { get; set; }
    public long ProcessingRecords { get; set; }
    public long AccessRecords { get; set; }
    public bool Intact { get; set; }
    /// <summary>"processing" or "access": the chain that broke.</summary>
    public string? BreakLog { get; set; }
    public long? BreakSequence { get; set; }
    public string? BreakProblem { get; set; }
    /// <summary>The chain heads at the time, as anchors ("processing:12:…", space-separated).</summary>
    public required string Heads { get; set; }
    /// <summary>Who asked for the run ("verify now"), or null for the schedule and the operator command.</summary>
    public Guid? RequestedBy { get; set; }
}

public enum AccessFlagKind
{
    /// <summary>A user opened many persons' records in a short time.</summary>
    ManyPersons,
    /// <summary>A user opened persons' records outside working hours.</summary>
    OutsideWorkingHours,
    /// <summary>A user opened a case's person shortly before their membership of the case ended.</summary>
    BeforeMembershipEnded,
}

public enum AccessFlagStatus { Open, Reviewed }

public enum AccessFlagDecision { Justified, NotJustified }

/// <summary>
/// Unusual access for the privacy officer to review. Unique on (kind, user, window, record), so detecting the same
/// hour twice — a rerun, or a second web node — adds nothing.
/// </summary>
public sealed class AccessReviewFlag : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public AccessFlagKind Kind { get; set; }
    public Guid UserId { get; set; }
    public Guid OrganisationId { get; set; }
    /// <summary>The hour the detection looked at (UTC).</summary>
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    /// <summary>The case for <see cref="AccessFlagKind.BeforeMembershipEnded"/>; Guid.Empty for the other kinds.</summary>
    public Guid RecordId { get; set; }
    /// <summary>Distinct persons (many persons), records (outside hours) or records of the case's person (membership).</summary>
    public int Count { get; set; }
    public DateTimeOffset FirstAccessAt { get; set; }
    public DateTimeOffset LastAccessAt { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public AccessFlagStatus Status { get; set; }
    public AccessFlagDecision? Decision { get; set; }
    public string? ReviewNote { get; set; }
    public Guid? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

public sealed class PrivacyConfiguration : IEntityTypeConfiguration<LogVerification>, IEntityTypeConfiguration<AccessReviewFlag>
{
    public void Configure(EntityTypeBuilder<LogVerification> builder)
    {
        builder.ToTable("LogVerifications");
        builder.Property(x => x.RunKey).HasMaxLength(60);
        builder.HasIndex(x => x.RunKey).IsUnique();
        builder.HasIndex(x => x.VerifiedAt);
        builder.Property(x => x.BreakLog).HasMaxLength(20);
        builder.Property(x => x.BreakProblem).HasMaxLength(200);
        builder.Property(x => x.Heads).HasMaxLength(400);
    }

    public void Configure(EntityTypeBuilder<AccessReviewFlag> builder)
    {
        builder.ToTable("AccessReviewFlags");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.ReviewNote).HasMaxLength(2000);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.Kind, x.UserId, x.WindowStart, x.RecordId }).IsUnique();
        builder.HasIndex(x => new { x.Status, x.OrganisationId });
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The processing activities the privacy officer's work touches, and the register the log search offers.</summary>
public static class PrivacyActivities
{
    public static readonly ProcessingActivity Supervision = new("privacy-supervision", 1,
        "Supervising the processing of personal data: reading and exporting the processing log",
        "Toezicht op de verwerking van persoonsgegevens: het logboek lezen en exporteren");

    /// <summary>Every activity code declares, by key (a log record names one of its versions); the register holds the versions.</summary>
    public static IReadOnlyList<ProcessingActivity> Register => Privacy.Register.RegisterSeed.Declared;

    /// <summary>
    /// Activities whose subjects are persons (citizens) in signals and cases: what unusual access is about. Given as the
    /// start of their ids, so records of every version of the register count.
    /// </summary>
    public static IReadOnlyList<string> PersonActivityPrefixes => [ProcessingActivity.IdPrefix(SignalActivities.Signals.Key), ProcessingActivity.IdPrefix(CaseActivities.Cases.Key)];

    /// <summary>
    /// The filter of a log search: an activity's key (every version) or one versioned id, as the start of the ids to
    /// match and whether the match is exact; null when it names no activity code declares.
    /// </summary>
    public static (string Value, bool Exact)? ActivityFilter(string activity)
    {
        if (Register.Any(a => a.Key == activity))
        {
            return (ProcessingActivity.IdPrefix(activity), false);
        }
        var known = Register.FirstOrDefault(a => activity.StartsWith(ProcessingActivity.IdPrefix(a.Key), StringComparison.Ordinal));
        return known is not null && int.TryParse(activity.AsSpan(ProcessingActivity.IdPrefix(known.Key).Length), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0
            ? (activity, true) : null;
    }
}
