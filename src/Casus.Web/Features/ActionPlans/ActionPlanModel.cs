using Casus.Web.Features.Cases;
using Casus.Web.Features.Consultations;
using Casus.Web.Features.Interventions;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.ActionPlans;

/// <summary>The life domains a goal is about: care, safety, and the social domains.</summary>
public enum LifeDomain { Care, Safety, Work, Housing, Income, Education, Family, Health, Ideology, SocialNetwork }

/// <summary>Where an intervention of the plan stands; done and stopped are final and carry a result.</summary>
public enum PlanActionStatus { Planned, Active, Done, Stopped }

/// <summary>What a review decides about the plan.</summary>
public enum ReviewDecision { Continue, Adjust, Close, Transfer }

/// <summary>
/// The integrated action plan of a case: one per case, with goals per life domain and interventions per goal. Every
/// change makes a new plan version (<see cref="Number"/>, a snapshot in <see cref="ActionPlanVersion"/>) and an event
/// on the case's timeline. What the plan says about the person (goals, results, review progress) is encrypted with
/// the case's data key.
/// </summary>
public sealed class ActionPlan : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    /// <summary>The plan version as people speak of it: 1, 2, 3, …</summary>
    public int Number { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>When the plan is to be reviewed next (the profile's interval after the last review); null when none is planned.</summary>
    public DateOnly? NextReviewOn { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A goal of the plan in one life domain; its wording is encrypted.</summary>
public sealed class PlanGoal
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public LifeDomain Domain { get; set; }
    public required string DescriptionCiphertext { get; set; }
    public int Position { get; set; }
}

/// <summary>
/// An intervention chosen for a goal: a task for the responsible partner organisation, with a start and due date,
/// a status and (when done or stopped) a result in words, encrypted.
/// </summary>
public sealed class PlanAction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public Guid GoalId { get; set; }
    public Guid CaseId { get; set; }
    public Guid InterventionId { get; set; }
    public Guid ResponsibleOrganisationId { get; set; }
    public DateOnly StartOn { get; set; }
    public DateOnly DueOn { get; set; }
    public PlanActionStatus Status { get; set; }
    public string? ResultCiphertext { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public Guid? FinishedByOrganisationId { get; set; }
    /// <summary>The follow-up action in a consultation's minutes this task was made from, if any (one task per action).</summary>
    public Guid? SourceEntryId { get; set; }
}

/// <summary>One version of the plan as it was saved: a snapshot (encrypted JSON) and who made it, by organisation.</summary>
public sealed class ActionPlanVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorUserId { get; set; }
    public Guid? ActorOrganisationId { get; set; }
    /// <summary>What changed, as a resource key (e.g. "PlanChange.GoalAdded").</summary>
    public required string Change { get; set; }
    public required string SnapshotCiphertext { get; set; }
}

/// <summary>A review of the plan: progress per goal (encrypted), an optional assessment, and the decision.</summary>
public sealed class PlanReview
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ReviewerUserId { get; set; }
    public Guid? ReviewerOrganisationId { get; set; }
    public ReviewDecision Decision { get; set; }
    public Guid? AssessmentId { get; set; }
    /// <summary>Progress per goal and a summary, as encrypted JSON.</summary>
    public required string ProgressCiphertext { get; set; }
    public DateOnly? NextReviewOn { get; set; }
}

/// <summary>Names of the encrypted fields of a plan (part of the ciphertext's associated data).</summary>
public static class PlanFields
{
    public const string Goal = "plan.goal";
    public const string Result = "plan.result";
    public const string Snapshot = "plan.snapshot";
    public const string Review = "plan.review";
}

public sealed class ActionPlanConfiguration : IEntityTypeConfiguration<ActionPlan>, IEntityTypeConfiguration<PlanGoal>,
    IEntityTypeConfiguration<PlanAction>, IEntityTypeConfiguration<ActionPlanVersion>, IEntityTypeConfiguration<PlanReview>
{
    public void Configure(EntityTypeBuilder<ActionPlan> builder)
    {
        builder.ToTable("ActionPlans");
        builder.HasIndex(x => x.CaseId).IsUnique();
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlanGoal> builder)
    {
        builder.ToTable("PlanGoals");
        builder.Property(x => x.Domain).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(x => x.PlanId);
        builder.HasOne<ActionPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlanAction> builder)
    {
        builder.ToTable("PlanActions");
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(x => x.PlanId);
        builder.HasIndex(x => new { x.ResponsibleOrganisationId, x.Status, x.DueOn });
        builder.HasOne<ActionPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PlanGoal>().WithMany().HasForeignKey(x => x.GoalId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Intervention>().WithMany().HasForeignKey(x => x.InterventionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(x => x.ResponsibleOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => x.SourceEntryId).IsUnique();
        builder.HasOne<ConsultationEntry>().WithMany().HasForeignKey(x => x.SourceEntryId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ActionPlanVersion> builder)
    {
        builder.ToTable("ActionPlanVersions");
        builder.Property(x => x.Change).HasMaxLength(60);
        builder.HasIndex(x => new { x.PlanId, x.Number }).IsUnique();
        builder.HasOne<ActionPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlanReview> builder)
    {
        builder.ToTable("PlanReviews");
        builder.Property(x => x.Decision).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(x => new { x.PlanId, x.At });
        builder.HasOne<ActionPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}
