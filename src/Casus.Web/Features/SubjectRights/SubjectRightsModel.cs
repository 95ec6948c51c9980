using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.SubjectRights;

/// <summary>The GDPR rights a person can invoke against Casus (art. 15, 16, 18, 17).</summary>
public enum SubjectRequestKind { Access, Rectification, Restriction, Erasure }

public enum SubjectRequestStatus { Open, Decided }

public enum SubjectRequestOutcome { Granted, PartlyGranted, Refused }

/// <summary>
/// A request by a person to exercise a data-subject right. The person is identified by the reference of one of their
/// signals or cases — never by a name typed into Casus — and the request must be answered within one month of
/// receipt (art. 12(3) GDPR): <see cref="DueOn"/>. The decision is recorded with its legal ground.
/// </summary>
public sealed class SubjectRequest : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public SubjectRequestKind Kind { get; set; }
    /// <summary>The signal or case reference the person was identified by, e.g. "S26-K7MQ2X".</summary>
    public required string RecordReference { get; set; }
    public Guid PersonId { get; set; }
    public Guid MunicipalityId { get; set; }
    public DateOnly ReceivedOn { get; set; }
    /// <summary>Received + one calendar month.</summary>
    public DateOnly DueOn { get; set; }
    public SubjectRequestStatus Status { get; set; }
    public SubjectRequestOutcome? Outcome { get; set; }
    /// <summary>The legal ground of a refusal or restriction, e.g. "art. 17(3)(b) AVG" or "art. 23(1)(d) AVG".</summary>
    public string? LegalGround { get; set; }
    public string? DecisionNote { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>For a granted restriction: when it was lifted (by whom, why), or null while it holds.</summary>
    public DateTimeOffset? LiftedAt { get; set; }
    public Guid? LiftedBy { get; set; }
    public string? LiftReason { get; set; }
    /// <summary>For an access request: when the report was last generated.</summary>
    public DateTimeOffset? ReportGeneratedAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsOverdue(DateOnly today) => Status == SubjectRequestStatus.Open && today > DueOn;

    /// <summary>True while this is a granted restriction that has not been lifted.</summary>
    public bool Restricts => Kind == SubjectRequestKind.Restriction && Outcome is SubjectRequestOutcome.Granted or SubjectRequestOutcome.PartlyGranted && LiftedAt is null;
}

/// <summary>The privacy officer's choice for one part of an access report: disclose it or withhold it, with a reason.</summary>
public sealed class SubjectRequestPart
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RequestId { get; set; }
    /// <summary>The part of the report, e.g. "signal:{id}", "case:{id}".</summary>
    public required string PartKey { get; set; }
    public bool Withhold { get; set; }
    public string? Reason { get; set; }
    public Guid DecidedBy { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}

public sealed class SubjectRightsConfiguration : IEntityTypeConfiguration<SubjectRequest>, IEntityTypeConfiguration<SubjectRequestPart>
{
    public void Configure(EntityTypeBuilder<SubjectRequest> builder)
    {
        builder.ToTable("SubjectRequests");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.RecordReference).HasMaxLength(20);
        builder.Property(x => x.LegalGround).HasMaxLength(SubjectRequests.GroundMax);
        builder.Property(x => x.DecisionNote).HasMaxLength(SubjectRequests.NoteMax);
        builder.Property(x => x.LiftReason).HasMaxLength(SubjectRequests.NoteMax);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.Ignore(x => x.Restricts);
        builder.HasIndex(x => new { x.MunicipalityId, x.Status, x.DueOn });
        builder.HasIndex(x => new { x.PersonId, x.Kind });
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<SubjectRequestPart> builder)
    {
        builder.ToTable("SubjectRequestParts");
        builder.Property(x => x.PartKey).HasMaxLength(80);
        builder.Property(x => x.Reason).HasMaxLength(SubjectRequests.GroundMax);
        builder.HasIndex(x => new { x.RequestId, x.PartKey }).IsUnique();
        builder.HasOne<SubjectRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class SubjectRightsActivities
{
    public static readonly ProcessingActivity SubjectRights = new("subject-rights", 1,
        "Handling data-subject requests: access, rectification, restriction and erasure",
        "Verzoeken van betrokkenen afhandelen: inzage, rectificatie, beperking en wissing");
}

/// <summary>
/// Persons whose processing is restricted (a granted restriction not lifted): their signals and cases are frozen
/// and hidden from ordinary use. <see cref="Signals.SignalAccess"/> and <see cref="Cases.CaseAccess"/> leave them out.
/// </summary>
public static class Restrictions
{
    public static IQueryable<Guid> RestrictedPersons(CasusDbContext db) => db.Set<SubjectRequest>()
        .Where(r => r.Kind == SubjectRequestKind.Restriction && (r.Outcome == SubjectRequestOutcome.Granted || r.Outcome == SubjectRequestOutcome.PartlyGranted) && r.LiftedAt == null)
        .Select(r => r.PersonId);
}
