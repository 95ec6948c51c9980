using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Cases;

/// <summary>intake → in consultation → action plan active → monitoring → closed → aftercare.</summary>
public enum CaseStage { Intake, InConsultation, ActionPlanActive, Monitoring, Closed, Aftercare }

/// <summary>How a case ended; closing requires one, with a reason in words.</summary>
public enum CaseOutcome { RiskReduced, TransferredToRegularCare, TransferredToPolice, MovedAway, NoLongerInvolved, Other }

/// <summary>What happened in a case; the timeline shows these in order, with the signals of the case.</summary>
public enum CaseEventKind
{
    Opened, StageChanged, CoordinatorChanged, MemberAdded, MemberChanged, MemberEnded, SignalLinked,
    WeighingDecision, AssessmentRecorded, Note, Consultation, PlanChanged, Evaluated, ConsultationRescheduled, ConsultationCancelled,
}

/// <summary>
/// A case (casus): one person, one responsible municipality, a process coordinator, and a lifecycle. Who may see it
/// is decided by <see cref="CaseAccess"/>; what happened is in <see cref="CaseEvent"/>. Free text about the person
/// is encrypted with the case's own data key, so destroying that key shreds the case's words.
/// </summary>
public sealed class Case : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Readable reference for minutes and phone calls, e.g. "C26-K7MQ2X"; carries no personal data.</summary>
    public required string Reference { get; set; }
    public Guid PersonId { get; set; }
    public Guid MunicipalityId { get; set; }
    public Guid CoordinatorUserId { get; set; }
    public Guid DataKeyId { get; set; }
    public CaseStage Stage { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    /// <summary>The weighing decision that admitted the person to case consultation, when there was one.</summary>
    public Guid? OpenedByDecisionId { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public CaseOutcome? Outcome { get; set; }
    /// <summary>End of aftercare, when the case went into aftercare after closing.</summary>
    public DateOnly? AftercareUntil { get; set; }
    /// <summary>When retention destroyed the case (see <see cref="Signals.Signal.DestroyedAt"/>); the row stays as a tombstone.</summary>
    public DateTimeOffset? DestroyedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>One line of a case's timeline: who did what, when, and why (encrypted with the case's data key).</summary>
public sealed class CaseEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorUserId { get; set; }
    public Guid? ActorOrganisationId { get; set; }
    public CaseEventKind Kind { get; set; }
    public CaseStage? StageFrom { get; set; }
    public CaseStage? StageTo { get; set; }
    /// <summary>The outcome recorded when the case closed.</summary>
    public CaseOutcome? Outcome { get; set; }
    /// <summary>A date the event set: end of aftercare, or the last day of a membership.</summary>
    public DateOnly? Until { get; set; }
    /// <summary>The record the event is about: a membership, a signal, a decision, an assessment.</summary>
    public Guid? RelatedId { get; set; }
    /// <summary>A reason or note, encrypted with the case's data key.</summary>
    public string? DetailCiphertext { get; set; }
}

/// <summary>Names of the encrypted fields of a case (part of the ciphertext's associated data).</summary>
public static class CaseFields
{
    public const string EventDetail = "case.event";
}

public sealed class CaseConfiguration : IEntityTypeConfiguration<Case>, IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.Property(x => x.Reference).HasMaxLength(20);
        builder.HasIndex(x => x.Reference).IsUnique();
        builder.Property(x => x.Stage).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(40);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.MunicipalityId, x.Stage });
        builder.HasIndex(x => x.PersonId);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonDataKey>().WithMany().HasForeignKey(x => x.DataKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.CoordinatorUserId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("CaseEvents");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.StageFrom).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.StageTo).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(40);
        builder.HasIndex(x => new { x.CaseId, x.At });
        builder.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}
