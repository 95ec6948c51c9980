using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Retention;

/// <summary>What retention destroys as one unit: a signal that led to no case, or a case with the signals linked to it.</summary>
public enum RetentionRecordKind { Signal, Case }

public enum ProposalStatus { Proposed, Destroyed }

/// <summary>
/// A record on the destruction list: past its retention period, not under a legal hold. The daily run proposes it;
/// the privacy officer approves (or the profile destroys automatically). Unique per record, so several web nodes
/// proposing the same day add it once. Holds no personal data: reference, municipality and dates only.
/// </summary>
public sealed class DestructionProposal : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public RetentionRecordKind Kind { get; set; }
    public Guid RecordId { get; set; }
    public required string Reference { get; set; }
    public Guid MunicipalityId { get; set; }
    public DateTimeOffset LastProcessedAt { get; set; }
    /// <summary>The moment the retention period ended.</summary>
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public ProposalStatus Status { get; set; }
    /// <summary>Who approved the destruction; null when the profile destroyed automatically.</summary>
    public Guid? ApprovedBy { get; set; }
    public DateTimeOffset? DestroyedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A legal hold: keeps a signal or case (and, for a case, its signals) off the destruction list until it ends or is lifted.</summary>
public sealed class LegalHold : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public RetentionRecordKind Kind { get; set; }
    public Guid RecordId { get; set; }
    public required string Reference { get; set; }
    public Guid MunicipalityId { get; set; }
    /// <summary>The legal reason (e.g. a pending objection, a court order); about the proceedings, not the person.</summary>
    public required string Reason { get; set; }
    /// <summary>The last day the hold applies; destruction may be proposed again from the next day.</summary>
    public DateOnly Until { get; set; }
    public Guid PlacedBy { get; set; }
    public DateTimeOffset PlacedAt { get; set; }
    public Guid? LiftedBy { get; set; }
    public DateTimeOffset? LiftedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>One daily retention run, keyed on its day ("daily:2026-11-25"): of several web nodes only the first runs it.</summary>
public sealed class RetentionRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string RunKey { get; set; }
    public DateTimeOffset RanAt { get; set; }
    public int Proposed { get; set; }
    public int Destroyed { get; set; }
}

public sealed class RetentionConfiguration : IEntityTypeConfiguration<DestructionProposal>, IEntityTypeConfiguration<LegalHold>,
    IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<DestructionProposal> builder)
    {
        builder.ToTable("DestructionProposals");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Reference).HasMaxLength(20);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.Kind, x.RecordId }).IsUnique();
        builder.HasIndex(x => new { x.Status, x.MunicipalityId });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<LegalHold> builder)
    {
        builder.ToTable("LegalHolds");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Reference).HasMaxLength(20);
        builder.Property(x => x.Reason).HasMaxLength(DestructionList.ReasonMax);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.RecordId, x.LiftedAt });
        builder.HasIndex(x => x.MunicipalityId);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<RetentionRun> builder)
    {
        builder.ToTable("RetentionRuns");
        builder.Property(x => x.RunKey).HasMaxLength(60);
        builder.HasIndex(x => x.RunKey).IsUnique();
    }
}

public static class RetentionActivities
{
    public static readonly ProcessingActivity Retention = new("retention", 1,
        "Retention and destruction: destroying personal data whose retention period ended",
        "Bewaartermijnen en vernietiging: persoonsgegevens vernietigen waarvan de bewaartermijn is verstreken");

    public static DataSubject Subject(Guid personId) => new("person", personId);
}

public static class RetentionErrors
{
    /// <summary>The record was destroyed under the retention rules: gone for good (410).</summary>
    public static Platform.Errors.AppError Destroyed() => new("destroyed", StatusCodes.Status410Gone, "Retention.RecordDestroyed");
}
