using Casus.Web.Features.Cases;
using Casus.Web.Features.Interventions;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Evaluations;

/// <summary>
/// The evaluation of a closed case: what the network learned from it. It holds figures (region, municipality,
/// outcome, duration, phenomena, kinds of intervention) and three lessons in words, and nothing that identifies the
/// person: the texts are checked for personal data before they are stored (<see cref="PersonalDataCheck"/>). That is
/// why it is stored in plain text, outside the case's data key, and survives the destruction of the case by retention.
/// <see cref="RecordedBy"/> is kept for the audit only; the knowledge list never shows it, nor the case.
/// </summary>
public sealed class CaseEvaluation : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid RegionId { get; set; }
    public Guid MunicipalityId { get; set; }
    public CaseOutcome Outcome { get; set; }
    /// <summary>Whole days from opening to closing of the case.</summary>
    public int DurationDays { get; set; }
    /// <summary>The phenomena of the case's signals, as a comma-separated list of <see cref="Signals.Phenomenon"/> names.</summary>
    public string Phenomena { get; set; } = "";
    /// <summary>The kinds of intervention of the case's action plan, as a comma-separated list of <see cref="InterventionKind"/> names.</summary>
    public string InterventionKinds { get; set; } = "";
    public string? WhatWorked { get; set; }
    public string? CouldBeBetter { get; set; }
    public string? Cooperation { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<Phenomenon> PhenomenonList => Parse<Phenomenon>(Phenomena);
    public IReadOnlyList<InterventionKind> InterventionKindList => Parse<InterventionKind>(InterventionKinds);

    public static string Join<T>(IEnumerable<T> values) where T : struct, Enum =>
        string.Join(',', values.Distinct().OrderBy(v => v).Select(v => v.ToString()));

    private static List<T> Parse<T>(string values) where T : struct, Enum =>
        values.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => Enum.TryParse<T>(v, out var parsed) ? (T?)parsed : null).OfType<T>().ToList();
}

/// <summary>Limits of an evaluation's texts, shared by the page and the API.</summary>
public static class EvaluationRules
{
    public const int LessonMax = 4_000;
    public const int SearchMax = 100;
}

public sealed class CaseEvaluationConfiguration : IEntityTypeConfiguration<CaseEvaluation>
{
    public void Configure(EntityTypeBuilder<CaseEvaluation> builder)
    {
        builder.ToTable("CaseEvaluations");
        builder.HasIndex(x => x.CaseId).IsUnique();
        builder.HasIndex(x => new { x.RegionId, x.RecordedAt });
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(40);
        builder.Property(x => x.Phenomena).HasMaxLength(300);
        builder.Property(x => x.InterventionKinds).HasMaxLength(300);
        builder.Property(x => x.WhatWorked).HasMaxLength(EvaluationRules.LessonMax);
        builder.Property(x => x.CouldBeBetter).HasMaxLength(EvaluationRules.LessonMax);
        builder.Property(x => x.Cooperation).HasMaxLength(EvaluationRules.LessonMax);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.Ignore(x => x.PhenomenonList);
        builder.Ignore(x => x.InterventionKindList);
        builder.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}
