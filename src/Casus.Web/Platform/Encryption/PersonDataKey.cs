using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Platform.Encryption;

/// <summary>
/// The data key of one person's identifying data (names, date of birth, national id, address, free text about
/// them). Stored only wrapped (AES-GCM) by its municipality's key-encryption key, which lives outside the
/// database. Shredding empties <see cref="WrappedKey"/>: every copy of the person's data becomes unreadable.
/// </summary>
public sealed class PersonDataKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; set; }
    /// <summary>Version of the municipality's key-encryption key that wraps this key; rotation re-wraps.</summary>
    public int KekVersion { get; set; }
    /// <summary>nonce (12) | ciphertext (32) | tag (16); empty once shredded.</summary>
    public byte[] WrappedKey { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ShreddedAt { get; set; }
}

/// <summary>A version of a municipality's key-encryption key. The key itself is in the key store, never here.</summary>
public sealed class KeyEncryptionKeyVersion
{
    public Guid MunicipalityId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PersonDataKeyConfiguration : IEntityTypeConfiguration<PersonDataKey>, IEntityTypeConfiguration<KeyEncryptionKeyVersion>
{
    public void Configure(EntityTypeBuilder<PersonDataKey> builder)
    {
        builder.ToTable("PersonDataKeys");
        builder.HasIndex(x => x.MunicipalityId);
        builder.Property(x => x.WrappedKey).HasMaxLength(128);
    }

    public void Configure(EntityTypeBuilder<KeyEncryptionKeyVersion> builder) => builder.ToTable("KeyEncryptionKeyVersions").HasKey(x => new { x.MunicipalityId, x.Version });
}
