using Casus.Web.Platform.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Signals;

/// <summary>
/// A confirmed link: the signals of one person were joined to another person. Undoing it moves exactly these
/// signals back; nothing about the decision is ever deleted.
/// </summary>
public sealed class PersonMerge
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FromPersonId { get; set; }
    public Guid IntoPersonId { get; set; }
    /// <summary>The signals that moved, separated by ';'.</summary>
    public required string SignalIds { get; set; }
    /// <summary>The score and reasons shown when the coordinator decided (reason codes, not text).</summary>
    public double Score { get; set; }
    public string Reasons { get; set; } = "";
    /// <summary>The coordinator who confirmed the link, or <see cref="ByImport"/>.</summary>
    public Guid DecidedBy { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public Guid? UndoneBy { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }

    /// <summary>
    /// <see cref="DecidedBy"/> of a link made by the import of earlier records: an operator command without a signed-in
    /// user, after its dry-run report. A coordinator undoes such a link like any other.
    /// </summary>
    public static readonly Guid ByImport = Guid.Empty;
}

/// <summary>"Not the same person": this candidate is not proposed again for this signal.</summary>
public sealed class LinkRejection
{
    public Guid SignalId { get; set; }
    public Guid CandidateSignalId { get; set; }
    public Guid DecidedBy { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}

public sealed class LinkageConfiguration : IEntityTypeConfiguration<PersonMerge>, IEntityTypeConfiguration<LinkRejection>
{
    public void Configure(EntityTypeBuilder<PersonMerge> builder)
    {
        builder.ToTable("PersonMerges");
        builder.Property(x => x.SignalIds).HasMaxLength(8000);
        builder.Property(x => x.Reasons).HasMaxLength(500);
        builder.HasIndex(x => x.IntoPersonId);
        builder.HasIndex(x => x.FromPersonId);
    }

    public void Configure(EntityTypeBuilder<LinkRejection> builder)
    {
        builder.ToTable("LinkRejections");
        builder.HasKey(x => new { x.SignalId, x.CandidateSignalId });
    }
}

/// <summary>Why two signals may concern the same person; the UI translates the code ("LinkReason.{code}").</summary>
public sealed record LinkReason(string Code);

/// <summary>How alike two reported persons are: a score from 0 to 1 and the reasons.</summary>
public sealed record LinkScore(double Score, IReadOnlyList<LinkReason> Reasons);

/// <summary>
/// The person-matching engine as the signals feature needs it: blocking keys to find candidates through keyed
/// hashes (the database never sees the clear values), and a comparison of two decrypted subjects.
/// </summary>
public interface IPersonMatcher
{
    /// <summary>Threshold from which a candidate is proposed to the coordinator.</summary>
    double ProposeFrom { get; }

    /// <summary>(kind, normalised value) pairs; stored only as <see cref="BlindIndex"/> hashes.</summary>
    IEnumerable<(string Kind, string Value)> BlockingKeys(SignalSubject subject);

    LinkScore Compare(SignalSubject a, SignalSubject b);
}
