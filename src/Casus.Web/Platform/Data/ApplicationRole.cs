using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.Data;

/// <summary>
/// On PostgreSQL the web nodes should not connect as the role that owns the tables: an owner can drop the log's
/// triggers. <see cref="GrantAsync"/> gives a separate login role what Casus needs — and no UPDATE, DELETE or
/// TRUNCATE on the processing and access logs, so the database itself refuses to rewrite them for that role.
/// Run by the owner after every migration: `Casus.Web grant-app-role casus_app`.
/// </summary>
public static partial class ApplicationRole
{
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();

    public static bool IsValidName(string role) => RoleName().IsMatch(role);

    public static async Task GrantAsync(CasusDbContext db, string role, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            throw new InvalidOperationException("Database roles exist on PostgreSQL only; SQLite has no users.");
        }
        if (!IsValidName(role))
        {
            throw new ArgumentException("A role name is lower-case letters, digits and underscores (at most 63), starting with a letter or underscore.", nameof(role));
        }
        var logs = string.Join(", ", AppendOnlyTables.Tables.Select(t => $"\"{t}\""));
        // The role name is checked against a strict pattern above: it cannot carry SQL.
        var statements = new[]
        {
            $"GRANT USAGE ON SCHEMA public TO \"{role}\"",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role}\"",
            $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \"{role}\"",
            $"REVOKE UPDATE, DELETE, TRUNCATE ON {logs} FROM \"{role}\"",
            $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \"__EFMigrationsHistory\" FROM \"{role}\"",
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>True when the role Casus is connected as may UPDATE or DELETE a log table (an owner or superuser may).</summary>
    public static async Task<bool> CanRewriteLogAsync(CasusDbContext db, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            return false;
        }
        foreach (var table in AppendOnlyTables.Tables)
        {
            var quoted = $"\"{table}\"";
            if (await db.Database.SqlQuery<bool>($"SELECT has_table_privilege({quoted}, 'UPDATE') OR has_table_privilege({quoted}, 'DELETE') AS \"Value\"")
                .SingleAsync(cancellationToken))
            {
                return true;
            }
        }
        return false;
    }
}
