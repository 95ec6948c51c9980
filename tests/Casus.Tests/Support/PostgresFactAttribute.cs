namespace Casus.Tests.Support;

/// <summary>A test about PostgreSQL itself (roles, privileges): it runs in the PostgreSQL pass of test.sh and is skipped on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.OnPostgres)
        {
            Skip = "PostgreSQL only: runs in ./test.sh postgres.";
        }
    }
}
