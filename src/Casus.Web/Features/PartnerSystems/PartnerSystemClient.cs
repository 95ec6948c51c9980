using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.PartnerSystems;

/// <summary>
/// A partner organisation's own system (a police or youth-care case system) that submits signals through the API
/// with OAuth2 client credentials. It acts for its organisation only; its secret is stored as a hash.
/// </summary>
public sealed class PartnerSystemClient : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public required string Name { get; set; }
    /// <summary>The public client_id, e.g. "ps_5k2…".</summary>
    public required string ClientId { get; set; }
    /// <summary>SHA-256 of the 256-bit random secret (a slow hash adds nothing for a secret of that strength).</summary>
    public required string SecretHash { get; set; }
    /// <summary>Space-separated scopes this client may ask for.</summary>
    public string Scopes { get; set; } = PartnerScopes.SignalsWrite;
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

public static class PartnerScopes
{
    /// <summary>Submit signals for the client's own organisation.</summary>
    public const string SignalsWrite = "signals:write";
    public static readonly string[] All = [SignalsWrite];
}

public sealed class PartnerSystemClientConfiguration : IEntityTypeConfiguration<PartnerSystemClient>
{
    public void Configure(EntityTypeBuilder<PartnerSystemClient> builder)
    {
        builder.ToTable("PartnerSystemClients");
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.ClientId).HasMaxLength(64);
        builder.HasIndex(x => x.ClientId).IsUnique();
        builder.Property(x => x.SecretHash).HasMaxLength(64);
        builder.Property(x => x.Scopes).HasMaxLength(200);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
