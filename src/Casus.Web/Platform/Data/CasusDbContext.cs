using Casus.Web.Platform.ProcessingLog;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.Data;

/// <summary>
/// The one EF Core context. Each database provider has its own subclass (<see cref="SqliteCasusDbContext"/>,
/// <see cref="PostgresCasusDbContext"/>) only so that each keeps its own migrations; see docs/adr/0002.
/// Identity builds its tables from <c>IdentityOptions.Stores.SchemaVersion</c> in the application's services:
/// version 3 (<see cref="IdentitySchema"/>) includes the passkeys table AspNetUserPasskeys.
/// </summary>
public abstract class CasusDbContext(DbContextOptions options)
    : IdentityDbContext<CasusUser, CasusRole, Guid, IdentityUserClaim<Guid>, IdentityUserRole<Guid>, IdentityUserLogin<Guid>,
        IdentityRoleClaim<Guid>, IdentityUserToken<Guid>, IdentityUserPasskey<Guid>>(options), IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationMunicipality> OrganisationMunicipalities => Set<OrganisationMunicipality>();
    public DbSet<RecordMembership> RecordMemberships => Set<RecordMembership>();
    public DbSet<PasskeyUse> PasskeyUses => Set<PasskeyUse>();
    public DbSet<ProcessingLogRecord> ProcessingLog => Set<ProcessingLogRecord>();
    public DbSet<AccessLogRecord> AccessLog => Set<AccessLogRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Features and platform modules map their own entities (IEntityTypeConfiguration classes beside them).
        builder.ApplyConfigurationsFromAssembly(typeof(CasusDbContext).Assembly);

        builder.Entity<Region>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.ProfileKey).HasMaxLength(40);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        builder.Entity<Municipality>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Code).HasMaxLength(20);
            e.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
            e.HasOne(x => x.Region).WithMany(r => r.Municipalities).HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        builder.Entity<Organisation>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
            e.Property(x => x.Type).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.LegalFramework).HasMaxLength(4000);
            e.Property(x => x.FunctionalMailbox).HasMaxLength(254);
            e.HasOne(x => x.Region).WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Serves).WithOne().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        builder.Entity<OrganisationMunicipality>(e =>
        {
            e.HasKey(x => new { x.OrganisationId, x.MunicipalityId });
            e.HasOne(x => x.Municipality).WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<CasusUser>(e =>
        {
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.PreferredCulture).HasMaxLength(10);
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        builder.Entity<PasskeyUse>(e =>
        {
            e.HasKey(x => x.CredentialId);
            e.Property(x => x.CredentialId).HasMaxLength(1024);
            e.HasOne<IdentityUserPasskey<Guid>>().WithOne().HasForeignKey<PasskeyUse>(x => x.CredentialId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.UserId);
        });
        builder.Entity<RecordMembership>(e =>
        {
            e.Property(x => x.RecordKind).HasMaxLength(40);
            e.Property(x => x.Purpose).HasMaxLength(500);
            e.Property(x => x.LegalBasis).HasMaxLength(500);
            e.HasIndex(x => new { x.RecordKind, x.RecordId, x.UserId });
        });
        builder.Entity<ProcessingLogRecord>(e =>
        {
            e.ToTable("ProcessingLog");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.Property(x => x.TraceId).HasMaxLength(32);
            e.Property(x => x.SpanId).HasMaxLength(16);
            e.Property(x => x.ParentSpanId).HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Status).HasMaxLength(10);
            e.Property(x => x.ProcessingActivityId).HasMaxLength(100);
            e.Property(x => x.SubjectPseudonym).HasMaxLength(64);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.TraceId);
            e.HasIndex(x => x.SubjectPseudonym);
        });
        builder.Entity<AccessLogRecord>(e =>
        {
            e.ToTable("AccessLog");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.Property(x => x.TraceId).HasMaxLength(32);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.Decision).HasMaxLength(10);
            e.Property(x => x.Reason).HasMaxLength(200);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.TraceId);
            e.HasIndex(x => x.UserId);
        });
    }

    /// <summary>Every save gives edited records a new concurrency version, so a stale ETag or form is refused.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version = Guid.NewGuid();
            }
        }
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}

/// <summary>The Identity schema version Casus uses, set in the application's options and in the design-time factories alike.</summary>
public static class IdentitySchema
{
    /// <summary>Version 3: users, roles, claims, logins, tokens and passkeys.</summary>
    public static readonly Version Version = IdentitySchemaVersions.Version3;

    /// <summary>
    /// Services holding only the Identity store options, for a context built outside the application (dotnet ef's
    /// design-time factories), so migrations see the same model as the running application.
    /// </summary>
    public static IServiceProvider DesignTimeServices { get; } = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = Version)
        .BuildServiceProvider();
}
