using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Weighing;

/// <summary>What weighing can decide; a national profile offers a subset (<see cref="WeighingOutcomes.Key"/> names them there).</summary>
public enum WeighingOutcome { NoAction, Observe, ReferCare, ReferPolice, AdmitCase }

/// <summary>pending approval (four eyes) → in effect, or rejected; an effective decision is superseded by a later one.</summary>
public enum WeighingStatus { PendingApproval, InEffect, Rejected, Superseded }

public static class WeighingOutcomes
{
    /// <summary>The key the national profile uses for an outcome (<c>NationalProfile.WeighingOutcomes</c>).</summary>
    public static string Key(this WeighingOutcome outcome) => outcome switch
    {
        WeighingOutcome.NoAction => "no-action",
        WeighingOutcome.Observe => "observe",
        WeighingOutcome.ReferCare => "refer-care",
        WeighingOutcome.ReferPolice => "refer-police",
        _ => "admit-case",
    };

    /// <summary>The outcomes a profile offers, in its order.</summary>
    public static IReadOnlyList<WeighingOutcome> Of(Platform.Profiles.NationalProfile profile) =>
        profile.WeighingOutcomes.Select(k => Enum.GetValues<WeighingOutcome>().Where(o => o.Key() == k).Cast<WeighingOutcome?>().FirstOrDefault())
            .OfType<WeighingOutcome>().ToList();

    /// <summary>How the signals close for an outcome that ends them; null when they stay open (observe) or join a case.</summary>
    public static SignalOutcome? ClosesAs(this WeighingOutcome outcome) => outcome switch
    {
        WeighingOutcome.NoAction => SignalOutcome.NoConcern,
        WeighingOutcome.ReferCare => SignalOutcome.ReferredToCare,
        WeighingOutcome.ReferPolice => SignalOutcome.ReferredToPolice,
        _ => null,
    };
}

/// <summary>
/// A weighing decision on a person's open signals in one municipality: the signal it was taken from and the other
/// new or in-weighing signals about the same person there (<see cref="WeighingDecisionSignal"/>). It records the
/// criteria applied (a versioned checklist of the profile), why the step is proportionate and why a lighter route
/// does not suffice (encrypted with the signal's data key), the parties present, and who decided and approved.
/// </summary>
public sealed class WeighingDecision : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>The signal the decision was taken from.</summary>
    public Guid SignalId { get; set; }
    public Guid DataKeyId { get; set; }
    /// <summary>The national profile the decision was taken under, e.g. "NL-PGA".</summary>
    public required string ProfileKey { get; set; }
    public WeighingOutcome Outcome { get; set; }
    /// <summary>For <see cref="WeighingOutcome.Observe"/>: the day the coordinator must decide again.</summary>
    public DateOnly? ObserveUntil { get; set; }
    /// <summary>The checklist version the codes come from, e.g. "NL-PGA:1".</summary>
    public required string CriteriaVersion { get; set; }
    /// <summary>Codes from <see cref="WeighingCriteria"/>, separated by ';'.</summary>
    public required string CriteriaCodes { get; set; }
    /// <summary>Parties of the profile that took part, separated by ';'.</summary>
    public required string Parties { get; set; }
    public required string ProportionalityCiphertext { get; set; }
    public required string SubsidiarityCiphertext { get; set; }
    public Guid DecidedByUserId { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public WeighingStatus Status { get; set; }
    /// <summary>Who approved or rejected (four eyes), and when.</summary>
    public Guid? ReviewedByUserId { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? RejectionReasonCiphertext { get; set; }
    /// <summary>When the decision took effect (at once, or on approval).</summary>
    public DateTimeOffset? EffectiveAt { get; set; }
    public Guid? SupersededByDecisionId { get; set; }
    /// <summary>The case opened by an "admit to case consultation" decision.</summary>
    public Guid? CaseId { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<string> Criteria => CriteriaCodes.Length == 0 ? [] : CriteriaCodes.Split(';');
    public IReadOnlyList<string> PartyKeys => Parties.Length == 0 ? [] : Parties.Split(';');
}

/// <summary>The signals a decision covers (the "group of linked signals").</summary>
public sealed class WeighingDecisionSignal
{
    public Guid DecisionId { get; set; }
    public Guid SignalId { get; set; }
}

/// <summary>Names of the encrypted fields of a decision (part of the ciphertext's associated data).</summary>
public static class WeighingFields
{
    public const string Proportionality = "weighing-proportionality";
    public const string Subsidiarity = "weighing-subsidiarity";
    public const string RejectionReason = "weighing-rejection";
}

public static class WeighingActivities
{
    public static readonly ProcessingActivity Weighing = new("weighing", 1,
        "Weighing signals: deciding on the follow-up of signals about a person (PGA)",
        "Wegen van signalen: besluiten over het vervolg op signalen over een persoon (PGA)");
}

public sealed class WeighingConfiguration : IEntityTypeConfiguration<WeighingDecision>, IEntityTypeConfiguration<WeighingDecisionSignal>
{
    public void Configure(EntityTypeBuilder<WeighingDecision> builder)
    {
        builder.ToTable("WeighingDecisions");
        builder.Property(x => x.ProfileKey).HasMaxLength(40);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.CriteriaVersion).HasMaxLength(40);
        builder.Property(x => x.CriteriaCodes).HasMaxLength(2000);
        builder.Property(x => x.Parties).HasMaxLength(500);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.MunicipalityId, x.Status, x.DecidedAt });
        builder.HasIndex(x => new { x.Status, x.ObserveUntil });
        builder.HasIndex(x => x.PersonId);
        builder.HasIndex(x => x.SignalId);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Signal>().WithMany().HasForeignKey(x => x.SignalId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonDataKey>().WithMany().HasForeignKey(x => x.DataKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.DecidedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.ReviewedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WeighingDecision>().WithMany().HasForeignKey(x => x.SupersededByDecisionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Cases.Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(x => x.Criteria);
        builder.Ignore(x => x.PartyKeys);
    }

    public void Configure(EntityTypeBuilder<WeighingDecisionSignal> builder)
    {
        builder.ToTable("WeighingDecisionSignals");
        builder.HasKey(x => new { x.DecisionId, x.SignalId });
        builder.HasIndex(x => x.SignalId);
        builder.HasOne<WeighingDecision>().WithMany().HasForeignKey(x => x.DecisionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Signal>().WithMany().HasForeignKey(x => x.SignalId).OnDelete(DeleteBehavior.Restrict);
    }
}
