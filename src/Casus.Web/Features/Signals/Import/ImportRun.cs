using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Signals.Import;

/// <summary>
/// One committed import of a file into a municipality. The file is known only by a keyed hash of its bytes (no
/// name, no content), which is enough to notice that the same file is being imported a second time.
/// </summary>
public sealed class SignalImportRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; set; }
    /// <summary><see cref="Platform.Encryption.BlindIndex"/> of the SHA-256 of the file's bytes.</summary>
    public required string FileHash { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int Signals { get; set; }
}

public sealed class SignalImportRunConfiguration : IEntityTypeConfiguration<SignalImportRun>
{
    public void Configure(EntityTypeBuilder<SignalImportRun> builder)
    {
        builder.ToTable("SignalImportRuns");
        builder.Property(x => x.FileHash).HasMaxLength(64);
        builder.HasIndex(x => new { x.MunicipalityId, x.FileHash });
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}
