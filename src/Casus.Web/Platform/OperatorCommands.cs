using Casus.Web.Features.Signals.Import;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security.KeyStores;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform;

/// <summary>
/// Commands for operators, run as `dotnet run --project src/Casus.Web -- &lt;command&gt;` or `Casus.Web &lt;command&gt;`:
/// <c>migrate</c> applies database migrations and exits; <c>verify-log</c> checks the hash chains of the
/// processing and access logs (and any <c>--anchor log:sequence:hash</c> recorded earlier) and exits 0 when intact,
/// 1 at the first broken link; <c>grant-app-role NAME</c>
/// (PostgreSQL) migrates and gives the login role NAME what the web nodes need, without UPDATE/DELETE on the logs;
/// <c>import-signals FILE --municipality NAME</c> imports earlier records (see <see cref="ImportCommand"/>);
/// <c>move-keys-to-pkcs11</c> moves the keys of the key file into the configured PKCS#11 token (see <see cref="KeyMove"/>).
/// </summary>
public static class OperatorCommands
{
    public static readonly string[] Names = ["migrate", "verify-log", "grant-app-role", ImportCommand.Name, KeyMove.CommandName];

    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        var command = args.FirstOrDefault(a => Names.Contains(a));
        if (command is null)
        {
            return null;
        }
        var role = command == "grant-app-role" ? args.SkipWhile(a => a != command).Skip(1).FirstOrDefault() : null;
        if (command == "grant-app-role" && (role is null || !ApplicationRole.IsValidName(role)))
        {
            await Console.Error.WriteLineAsync("Usage: grant-app-role NAME, where NAME is an existing PostgreSQL login role (lower-case letters, digits, underscores).");
            return 2;
        }
        if (command == KeyMove.CommandName)
        {
            // Before anything else touches the key store: a secret created now in the token would block its import.
            return KeyMove.Run(app.Configuration, app.Environment, app.Services.GetRequiredService<IKeyStore>(), Console.Out, Console.Error);
        }
        await DatabaseSetup.MigrateAsync(app.Services);
        if (command == "migrate")
        {
            await Console.Out.WriteLineAsync("Database is up to date.");
            return 0;
        }
        if (command == ImportCommand.Name)
        {
            // The processing log's writer is a hosted service, which an operator command does not start by itself.
            var writer = app.Services.GetRequiredService<ProcessingLogWriter>();
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            await writer.StartAsync(cancel.Token);
            try
            {
                return await ImportCommand.RunAsync(app.Services, args.SkipWhile(a => a != command).Skip(1).ToList(), Console.Out, cancel.Token);
            }
            finally
            {
                await writer.StopAsync(CancellationToken.None);
            }
        }
        await using var scope = app.Services.CreateAsyncScope();
        if (role is not null)
        {
            var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
            if (!db.Database.IsNpgsql())
            {
                await Console.Error.WriteLineAsync("grant-app-role is for PostgreSQL: SQLite has no database roles.");
                return 2;
            }
            await ApplicationRole.GrantAsync(db, role);
            await Console.Out.WriteLineAsync($"Role {role} may now run Casus; it cannot UPDATE, DELETE or TRUNCATE the processing and access logs.");
            return 0;
        }
        var anchors = new List<ChainHead>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--anchor")
            {
                if (!ChainHead.TryParse(args[i + 1], out var anchor))
                {
                    await Console.Error.WriteLineAsync("An anchor is written processing:SEQUENCE:HASH or access:SEQUENCE:HASH, as verify-log prints the heads.");
                    return 2;
                }
                anchors.Add(anchor!);
            }
        }
        var result = await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync(anchors);
        // The privacy officer's page shows the last verification, whoever ran it.
        await scope.ServiceProvider.GetRequiredService<Features.Privacy.LogVerifications>()
            .StoreAsync("operator:" + Guid.NewGuid().ToString("N"), result, null, CancellationToken.None);
        await Console.Out.WriteLineAsync($"Processing log: {result.ProcessingRecords} records. Access log: {result.AccessRecords} records.");
        foreach (var head in result.Heads)
        {
            // Keep these outside the database; give them back with --anchor to detect a removed tail.
            await Console.Out.WriteLineAsync($"Head: {head}");
        }
        if (result.FirstBreak is { } broken)
        {
            await Console.Out.WriteLineAsync($"BROKEN: {broken.Log} log, record {broken.Sequence}: {broken.Problem}.");
            return 1;
        }
        await Console.Out.WriteLineAsync("Both chains are intact.");
        return 0;
    }
}
