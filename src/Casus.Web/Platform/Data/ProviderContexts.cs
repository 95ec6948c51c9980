using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Casus.Web.Platform.Data;

/// <summary>SQLite: one municipality on one machine. Migrations in Platform/Data/Migrations/Sqlite.</summary>
public sealed class SqliteCasusDbContext(DbContextOptions<SqliteCasusDbContext> options) : CasusDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset stored as text. As exact UTC ticks it can, in order, and
        // without losing precision (the processing log hashes times; a rounded time would break its chain).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}

/// <summary>Stores a point in time as its UTC ticks (100 ns); read back in UTC.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>PostgreSQL: a region or a country, several web nodes. Migrations in Platform/Data/Migrations/PostgreSql.</summary>
public sealed class PostgresCasusDbContext(DbContextOptions<PostgresCasusDbContext> options) : CasusDbContext(options);

/// <summary>Used only by the dotnet-ef tool to create SQLite migrations.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCasusDbContext>
{
    public SqliteCasusDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCasusDbContext>().UseSqlite("Data Source=design.db")
            .UseApplicationServiceProvider(IdentitySchema.DesignTimeServices).Options);
}

/// <summary>Used only by the dotnet-ef tool to create PostgreSQL migrations.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCasusDbContext>
{
    public PostgresCasusDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCasusDbContext>().UseNpgsql("Host=localhost;Database=casus_design")
            .UseApplicationServiceProvider(IdentitySchema.DesignTimeServices).Options);
}
