using System.Net;
using Casus.Tests.Support;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Casus.Tests.Platform;

/// <summary>
/// On PostgreSQL the web nodes run as a role made with `grant-app-role`: Casus works under it, and the database
/// refuses that role any rewrite of the logs — not only through the triggers, which an owner could drop.
/// </summary>
public sealed class ApplicationRoleTests(AppFactory app) : IClassFixture<AppFactory>
{
    [PostgresFact]
    public async Task The_application_role_runs_Casus_but_cannot_rewrite_or_unprotect_the_logs()
    {
        var role = "casus_app_" + Guid.NewGuid().ToString("N")[..12];
        await OwnerAsync($"CREATE ROLE \"{role}\" LOGIN");
        try
        {
            await app.WithDbAsync(async db => { await ApplicationRole.GrantAsync(db, role); return 0; });
            var asRole = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Username = role, Password = null }.ConnectionString;

            await using (var node = new AppFactory(app.Database, new Dictionary<string, string?> { ["Database:ConnectionString"] = asRole }) { OwnsDatabase = false })
            {
                using var admin = await node.SignedInAsAsync(Roles.SystemAdmin);
                var response = await admin.GetAsync($"/api/v1/admin/users/{await node.UserIdAsync("police@casus.demo")}");
                await Expect.StatusAsync(response, HttpStatusCode.OK);
                Assert.False(await node.WithDbAsync(db => ApplicationRole.CanRewriteLogAsync(db)));
            }

            await using var connection = new NpgsqlConnection(asRole);
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                "UPDATE \"ProcessingLog\" SET \"Name\" = 'x'",
                "DELETE FROM \"AccessLog\"",
                "TRUNCATE \"ProcessingLog\"",
                "ALTER TABLE \"ProcessingLog\" DISABLE TRIGGER ALL",
            })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
                // 42501 insufficient privilege / 42501-class "must be owner": the grant refuses it, not only a trigger.
                Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
            }
            Assert.True(await app.WithDbAsync(db => ApplicationRole.CanRewriteLogAsync(db)), "the owner still can: the check must tell the two apart");
        }
        finally
        {
            await OwnerAsync($"DROP OWNED BY \"{role}\"");
            NpgsqlConnection.ClearAllPools();
            await OwnerAsync($"DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    [Fact]
    public void A_role_name_that_could_carry_SQL_is_refused()
    {
        Assert.True(ApplicationRole.IsValidName("casus_app"));
        Assert.False(ApplicationRole.IsValidName("casus\"; DROP TABLE \"ProcessingLog"));
        Assert.False(ApplicationRole.IsValidName("Casus"));
        Assert.False(ApplicationRole.IsValidName(""));
    }

    private Task<int> OwnerAsync(string sql) => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));
}
