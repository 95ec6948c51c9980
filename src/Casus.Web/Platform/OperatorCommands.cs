using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;

namespace Casus.Web.Platform;

/// <summary>
/// Commands for operators, run as `dotnet run --project src/Casus.Web -- &lt;command&gt;` or `Casus.Web &lt;command&gt;`:
/// <c>migrate</c> applies database migrations and exits; <c>verify-log</c> checks the hash chains of the
/// processing and access logs and exits 0 when intact, 1 at the first broken link.
/// </summary>
public static class OperatorCommands
{
    public static readonly string[] Names = ["migrate", "verify-log"];

    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        var command = args.FirstOrDefault(a => Names.Contains(a));
        if (command is null)
        {
            return null;
        }
        await DatabaseSetup.MigrateAsync(app.Services);
        if (command == "migrate")
        {
            await Console.Out.WriteLineAsync("Database is up to date.");
            return 0;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync();
        await Console.Out.WriteLineAsync($"Processing log: {result.ProcessingRecords} records. Access log: {result.AccessRecords} records.");
        if (result.FirstBreak is { } broken)
        {
            await Console.Out.WriteLineAsync($"BROKEN: {broken.Log} log, record {broken.Sequence}: {broken.Problem}.");
            return 1;
        }
        await Console.Out.WriteLineAsync("Both chains are intact.");
        return 0;
    }
}
