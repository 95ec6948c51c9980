using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Consultations;

/// <summary>Minutes are drafted and corrected, then fixed; after that only addenda are added, never overwritten.</summary>
public enum MinutesStatus { Draft, Fixed }

/// <summary>What a line of the minutes of an agenda item records.</summary>
public enum MinutesEntryKind { Information, Decision, Action, Addendum }

/// <summary>How a decision was taken, as the national profile requires: the chair decides (NL) or the members present agree (BE).</summary>
public enum DecisionMode { Chair, Consensus }

/// <summary>What happened to a meeting before it was held: moved, cancelled, an agenda item or an invitee removed.</summary>
public enum ConsultationChangeKind { Rescheduled, Cancelled, ItemRemoved, InviteeRemoved }

/// <summary>
/// A case consultation (casusoverleg): a meeting of one municipality's cases, with a date and time, a place or an
/// online link, a chair, an agenda of cases, invited partners, attendance, and minutes per agenda item. The meeting
/// itself carries no personal data: what is said about a person is in the items, encrypted with that case's data key.
/// </summary>
public sealed class Consultation : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public Guid ChairUserId { get; set; }
    public MinutesStatus MinutesStatus { get; set; }
    public DateTimeOffset? FixedAt { get; set; }
    public Guid? FixedByUserId { get; set; }
    /// <summary>Set when the meeting was cancelled before it was held; a cancelled meeting is never changed again.</summary>
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedByUserId { get; set; }
    /// <summary>Every change to the meeting, its agenda, invitees, attendance or minutes moves the version.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A case on the agenda, numbered in order; optionally the assessment of the case that was discussed.</summary>
public sealed class ConsultationItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ConsultationId { get; set; }
    public int Number { get; set; }
    public Guid CaseId { get; set; }
    public Guid? AssessmentId { get; set; }
}

/// <summary>
/// An invited professional: a core partner invited to the whole meeting (<see cref="ItemId"/> null), or an
/// occasional partner invited for one agenda item. Attendance is recorded by the runner.
/// </summary>
public sealed class ConsultationInvitee
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ConsultationId { get; set; }
    public Guid UserId { get; set; }
    public Guid? ItemId { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
    /// <summary>Null until attendance is recorded.</summary>
    public bool? Attended { get; set; }
}

/// <summary>A professional's acknowledgement of confidentiality for one meeting, with the time; case items stay hidden until then.</summary>
public sealed class ConsultationAcknowledgement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ConsultationId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// One line of the minutes of an agenda item: information a partner brought in (organisation, legal basis), a decision
/// (and how it was taken), a follow-up action (owner, deadline), or an addendum to fixed minutes. The text is encrypted
/// with the case's data key.
/// </summary>
public sealed class ConsultationEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ItemId { get; set; }
    public MinutesEntryKind Kind { get; set; }
    public required string TextCiphertext { get; set; }
    public Guid? OrganisationId { get; set; }
    public string? LegalBasis { get; set; }
    public DecisionMode? DecidedBy { get; set; }
    public Guid? OwnerUserId { get; set; }
    public DateOnly? Deadline { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedByUserId { get; set; }
    /// <summary>When the draft line was last corrected (only while the minutes are a draft).</summary>
    public DateTimeOffset? CorrectedAt { get; set; }
}

/// <summary>
/// The history of a meeting before it was held: a reschedule (from and to, with the reason), the cancellation (with
/// the reason), an agenda item or an invitee removed. The reason is about the meeting (e.g. "the chair is ill"),
/// never about a person; what it means for a case is on that case's timeline.
/// </summary>
public sealed class ConsultationChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ConsultationId { get; set; }
    public ConsultationChangeKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ActorUserId { get; set; }
    public string? Reason { get; set; }
    /// <summary>A reschedule: when and where the meeting was before.</summary>
    public DateTimeOffset? FromStartsAt { get; set; }
    public string? FromPlace { get; set; }
    public string? FromOnlineLink { get; set; }
    /// <summary>An invitee removed: who.</summary>
    public Guid? UserId { get; set; }
    /// <summary>An agenda item removed: its number (the case is not named here).</summary>
    public int? ItemNumber { get; set; }
}

public static class ConsultationFields
{
    public const string Entry = "consultation.entry";
}

public static class ConsultationRules
{
    public const int PlaceMax = 200;
    public const int LinkMax = 500;
    public const int TextMax = 4000;
    public const int LegalBasisMax = 300;
    public const int ReasonMax = 2_000;
}

public sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>, IEntityTypeConfiguration<ConsultationItem>,
    IEntityTypeConfiguration<ConsultationInvitee>, IEntityTypeConfiguration<ConsultationAcknowledgement>, IEntityTypeConfiguration<ConsultationEntry>,
    IEntityTypeConfiguration<ConsultationChange>
{
    public void Configure(EntityTypeBuilder<Consultation> builder)
    {
        builder.ToTable("Consultations");
        builder.Property(x => x.Place).HasMaxLength(ConsultationRules.PlaceMax);
        builder.Property(x => x.OnlineLink).HasMaxLength(ConsultationRules.LinkMax);
        builder.Property(x => x.MinutesStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.MunicipalityId, x.StartsAt });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.ChairUserId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ConsultationItem> builder)
    {
        builder.ToTable("ConsultationItems");
        builder.HasIndex(x => new { x.ConsultationId, x.CaseId }).IsUnique();
        builder.HasIndex(x => new { x.ConsultationId, x.Number }).IsUnique();
        builder.HasIndex(x => x.CaseId);
        builder.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ConsultationInvitee> builder)
    {
        builder.ToTable("ConsultationInvitees");
        builder.HasIndex(x => new { x.ConsultationId, x.UserId }).IsUnique();
        builder.HasIndex(x => x.UserId);
        builder.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ConsultationItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ConsultationAcknowledgement> builder)
    {
        builder.ToTable("ConsultationAcknowledgements");
        builder.HasIndex(x => new { x.ConsultationId, x.UserId }).IsUnique();
        builder.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ConsultationEntry> builder)
    {
        builder.ToTable("ConsultationEntries");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.DecidedBy).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.LegalBasis).HasMaxLength(ConsultationRules.LegalBasisMax);
        builder.HasIndex(x => new { x.ItemId, x.CreatedAt });
        builder.HasOne<ConsultationItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ConsultationChange> builder)
    {
        builder.ToTable("ConsultationChanges");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Reason).HasMaxLength(ConsultationRules.ReasonMax);
        builder.Property(x => x.FromPlace).HasMaxLength(ConsultationRules.PlaceMax);
        builder.Property(x => x.FromOnlineLink).HasMaxLength(ConsultationRules.LinkMax);
        builder.HasIndex(x => new { x.ConsultationId, x.At });
        builder.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.ActorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
