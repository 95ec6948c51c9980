using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Assessments;

/// <summary>
/// A loaded assessment template: one version of a framework an organisation brings (domains, items, scales,
/// protective factors, summary judgement). The definition is kept as the JSON that was loaded; once an assessment
/// uses a version, that version never changes — a change is a new version.
/// </summary>
public sealed class AssessmentTemplate : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Key { get; set; }
    public int TemplateVersion { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    public bool RequiresCertification { get; set; }
    /// <summary>The template document as loaded (checked by <see cref="TemplateDocument.Parse"/>).</summary>
    public required string Definition { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
    public Guid LoadedBy { get; set; }
    /// <summary>A retired template is not offered for new assessments; assessments made with it keep their meaning.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public string Name(string language) => language == "nl" ? NameNl : NameEn;
}

/// <summary>
/// One structured assessment of a case, recorded once: a correction is a new assessment. What it says about the
/// person (ratings, notes, protective factors, judgement and rationale) is one document encrypted with the case's
/// data key, so destroying that key shreds the assessment too.
/// </summary>
public sealed class Assessment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid TemplateId { get; set; }
    public required string TemplateKey { get; set; }
    public int TemplateVersion { get; set; }
    public DateTimeOffset AssessedAt { get; set; }
    public Guid AssessorUserId { get; set; }
    public Guid AssessorOrganisationId { get; set; }
    /// <summary>The assessor's function (role) when they assessed; lists show function and organisation, not names.</summary>
    public required string AssessorRole { get; set; }
    /// <summary>
    /// The newest assessment of the case the assessor saw when they started (<see cref="Guid.Empty"/> for none). Unique
    /// per case: two people who record on the same view at once cannot both succeed; the second is told to look first.
    /// </summary>
    public Guid PreviousAssessmentId { get; set; }
    public required string ResultCiphertext { get; set; }
}

/// <summary>An assessor's certification for a template (by key, all versions), with its period; system admins record it.</summary>
public sealed class AssessorCertification : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string TemplateKey { get; set; }
    public DateOnly CertifiedOn { get; set; }
    public DateOnly ValidUntil { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid RecordedBy { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? RevokedBy { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>Valid on a day: not revoked, and the day lies within the period (both ends included).</summary>
    public bool ValidOn(DateOnly day) => RevokedAt is null && CertifiedOn <= day && day <= ValidUntil;
}

/// <summary>Names of the encrypted fields of an assessment (part of the ciphertext's associated data).</summary>
public static class AssessmentFields
{
    public const string Result = "assessment.result";
}

public static class AssessmentActivities
{
    public static readonly ProcessingActivity Assessments = new("assessments", 1,
        "Structured assessment of risk and protective factors in a person-centred case (PGA)",
        "Gestructureerde taxatie van risico- en beschermende factoren in een persoonsgerichte casus (PGA)");

    public static DataSubject Subject(Guid personId) => new("person", personId);
}

public sealed class AssessmentConfiguration : IEntityTypeConfiguration<AssessmentTemplate>, IEntityTypeConfiguration<Assessment>,
    IEntityTypeConfiguration<AssessorCertification>
{
    public void Configure(EntityTypeBuilder<AssessmentTemplate> builder)
    {
        builder.ToTable("AssessmentTemplates");
        builder.Property(x => x.Key).HasMaxLength(TemplateRules.KeyMax);
        builder.Property(x => x.NameNl).HasMaxLength(TemplateRules.NameMax);
        builder.Property(x => x.NameEn).HasMaxLength(TemplateRules.NameMax);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.Key, x.TemplateVersion }).IsUnique();
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.LoadedBy).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.ToTable("Assessments");
        builder.Property(x => x.TemplateKey).HasMaxLength(TemplateRules.KeyMax);
        builder.Property(x => x.AssessorRole).HasMaxLength(50);
        builder.HasIndex(x => new { x.CaseId, x.AssessedAt });
        builder.HasIndex(x => new { x.CaseId, x.PreviousAssessmentId }).IsUnique();
        builder.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AssessmentTemplate>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.AssessorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(x => x.AssessorOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<AssessorCertification> builder)
    {
        builder.ToTable("AssessorCertifications");
        builder.Property(x => x.TemplateKey).HasMaxLength(TemplateRules.KeyMax);
        builder.Property(x => x.Note).HasMaxLength(TemplateRules.NoteMax);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.UserId, x.TemplateKey });
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.RecordedBy).OnDelete(DeleteBehavior.Restrict);
    }
}
