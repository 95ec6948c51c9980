using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Signals;

/// <summary>Who brought the signal in; <see cref="Import"/>: taken over from earlier records (spreadsheets) by the import-signals command.</summary>
public enum SignalSource { Professional, Public, PartnerSystem, Import }

/// <summary>new → in weighing → closed (with an outcome) or linked to a case.</summary>
public enum SignalStatus { New, InWeighing, Closed, LinkedToCase }

public enum SignalUrgency { Normal, High, Immediate }

/// <summary>The phenomena DOMAIN.md names; "Unclear" is a legitimate answer at intake.</summary>
public enum Phenomenon { Jihadism, RightWingExtremism, LeftWingExtremism, AntiInstitutional, SingleIssue, Unclear }

/// <summary>Why a signal was closed at intake (weighing outcomes proper belong to the weighing step).</summary>
public enum SignalOutcome { NoConcern, ReferredToCare, ReferredToPolice, Duplicate, Other }

public enum SignalEventKind { Registered, StatusChanged, Corrected, Note, ReporterMessage, ReplyToReporter, Linked, Unlinked }

/// <summary>
/// A person as Casus knows them: the signals about them point here. Holds no identifying data itself; that is in
/// the signals, encrypted under each signal's data key.
/// </summary>
public sealed class Person
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A signal (melding) about a person. Identifying data (<see cref="SubjectCiphertext"/>) and the narrative are
/// encrypted with the signal's own data key (<see cref="DataKeyId"/>); the database holds no clear text about the
/// person. Nothing is deleted from the inbox: status changes and corrections are events.
/// </summary>
public sealed class Signal : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Readable reference for phone calls and minutes, e.g. "S26-K7MQ2X"; carries no personal data.</summary>
    public required string Reference { get; set; }
    public Guid MunicipalityId { get; set; }
    public Guid PersonId { get; set; }
    public Guid DataKeyId { get; set; }
    public SignalSource Source { get; set; }
    public Guid? ReporterOrganisationId { get; set; }
    public Guid? ReporterUserId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public Phenomenon Phenomenon { get; set; }
    /// <summary>Codes from <see cref="IndicatorCatalogue"/>, separated by ';'.</summary>
    public string IndicatorCodes { get; set; } = "";
    /// <summary>The catalogue version the codes come from, e.g. "NL-PGA:1".</summary>
    public required string IndicatorCatalogueVersion { get; set; }
    public bool IsOnline { get; set; }
    public SignalUrgency Urgency { get; set; }
    public SignalStatus Status { get; set; }
    public SignalOutcome? Outcome { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The case this signal was linked to (status <see cref="SignalStatus.LinkedToCase"/>).</summary>
    public Guid? CaseId { get; set; }
    /// <summary>The <see cref="SignalSubject"/> as encrypted JSON.</summary>
    public required string SubjectCiphertext { get; set; }
    public required string NarrativeCiphertext { get; set; }
    /// <summary>For a report from the public: a keyed hash of the follow-up code (the code itself is never stored).</summary>
    public string? FollowUpCodeHash { get; set; }
    /// <summary>
    /// When retention destroyed the signal: its data key is shredded and its identifying data and free text are gone;
    /// the row stays as a tombstone (reference, municipality, phenomenon, dates, outcome) for figures and the log.
    /// </summary>
    public DateTimeOffset? DestroyedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<string> Indicators => IndicatorCodes.Length == 0 ? [] : IndicatorCodes.Split(';');
}

/// <summary>The history of a signal: who did what, when. A detail that may concern the person is encrypted.</summary>
public sealed class SignalEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SignalId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorUserId { get; set; }
    public Guid? ActorOrganisationId { get; set; }
    public SignalEventKind Kind { get; set; }
    public SignalStatus? StatusFrom { get; set; }
    public SignalStatus? StatusTo { get; set; }
    public SignalOutcome? Outcome { get; set; }
    /// <summary>Free text (a reason, the corrected values), encrypted with the signal's data key.</summary>
    public string? DetailCiphertext { get; set; }
}

/// <summary>A keyed hash of a normalised identifying value (see <see cref="BlindIndex"/>): exact lookups and linkage without clear text.</summary>
public sealed class SignalLinkKey
{
    public Guid SignalId { get; set; }
    /// <summary>What was hashed: "nid" (national id), or a linkage blocking key kind.</summary>
    public required string Kind { get; set; }
    public required string Hash { get; set; }
}

/// <summary>The EF mapping of the signals feature; picked up by <see cref="CasusDbContext"/> from this assembly.</summary>
public sealed class SignalConfiguration : IEntityTypeConfiguration<Signal>, IEntityTypeConfiguration<SignalEvent>,
    IEntityTypeConfiguration<SignalLinkKey>, IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Signal> builder)
    {
        builder.ToTable("Signals");
        builder.Property(x => x.Reference).HasMaxLength(20);
        builder.HasIndex(x => x.Reference).IsUnique();
        builder.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Phenomenon).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.Urgency).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.IndicatorCodes).HasMaxLength(2000);
        builder.Property(x => x.IndicatorCatalogueVersion).HasMaxLength(40);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.MunicipalityId, x.Status, x.ReceivedAt });
        builder.HasIndex(x => x.ReporterUserId);
        builder.Property(x => x.FollowUpCodeHash).HasMaxLength(64);
        builder.HasIndex(x => x.FollowUpCodeHash).IsUnique();
        builder.HasIndex(x => x.PersonId);
        builder.HasIndex(x => x.CaseId);
        builder.HasOne<Cases.Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonDataKey>().WithMany().HasForeignKey(x => x.DataKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(x => x.ReporterOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(x => x.Indicators);
    }

    public void Configure(EntityTypeBuilder<SignalEvent> builder)
    {
        builder.ToTable("SignalEvents");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.StatusFrom).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.StatusTo).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(x => new { x.SignalId, x.At });
        builder.HasOne<Signal>().WithMany().HasForeignKey(x => x.SignalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<SignalLinkKey> builder)
    {
        builder.ToTable("SignalLinkKeys");
        builder.HasKey(x => new { x.SignalId, x.Kind, x.Hash });
        builder.Property(x => x.Kind).HasMaxLength(40);
        builder.Property(x => x.Hash).HasMaxLength(64);
        builder.HasIndex(x => new { x.Kind, x.Hash });
        builder.HasOne<Signal>().WithMany().HasForeignKey(x => x.SignalId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Person> builder) =>
        builder.ToTable("Persons").HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
}
