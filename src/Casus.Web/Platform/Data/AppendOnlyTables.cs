using Microsoft.EntityFrameworkCore.Migrations;

namespace Casus.Web.Platform.Data;

/// <summary>
/// The processing and access logs are append-only in the database too: any UPDATE or DELETE is refused by a
/// trigger, whoever runs it. Called from the initial migration of each provider.
/// </summary>
public static class AppendOnlyTables
{
    public static readonly string[] Tables = ["ProcessingLog", "AccessLog"];

    public static void CreateSqliteTriggers(MigrationBuilder migrationBuilder) => CreateSqliteTriggers(migrationBuilder, Tables);

    /// <summary>The same for tables added later (the register's versions), from their own migration.</summary>
    public static void CreateSqliteTriggers(MigrationBuilder migrationBuilder, IEnumerable<string> tables)
    {
        foreach (var table in tables)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}"
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}"
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
                """);
        }
    }

    public static void CreatePostgresTriggers(MigrationBuilder migrationBuilder) => CreatePostgresTriggers(migrationBuilder, Tables);

    /// <summary>The same for tables added later (the register's versions), from their own migration.</summary>
    public static void CreatePostgresTriggers(MigrationBuilder migrationBuilder, IEnumerable<string> tables)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION casus_refuse_change() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql;
            """);
        foreach (var table in tables)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "{table}"
                FOR EACH STATEMENT EXECUTE FUNCTION casus_refuse_change();
                """);
            migrationBuilder.Sql($"""REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM PUBLIC;""");
        }
    }
}
