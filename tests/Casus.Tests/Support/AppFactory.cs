using Casus.Web.Features.Demo;
using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Casus.Tests.Support;

/// <summary>
/// Casus in memory on its own fresh database (SQLite, or PostgreSQL when test.sh provides one), with the demo
/// region seeded and a clock the test moves. Intent methods sign in as a demo role and read the log.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public TestDatabase Database { get; }
    private readonly Dictionary<string, string?> _settings;

    public AppFactory() : this(TestDatabase.Create(), null)
    {
    }

    /// <summary>For a browser on plain http://127.0.0.1: cookies without the Secure-only __Host- prefix.</summary>
    public static AppFactory ForBrowser() => new(TestDatabase.Create(), new Dictionary<string, string?> { ["Security:HttpsOnlyCookies"] = "false" });

    /// <summary>A second instance on the same database and keys: how several web nodes run.</summary>
    internal AppFactory(TestDatabase database, IDictionary<string, string?>? settings)
    {
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Keys:FilePath"] = database.FileForKeys,
            ["Demo:Enabled"] = "true",
            // Tests make their own signals and cases; the demo's sample work would change what they count.
            ["Demo:SampleCases"] = "false",
            ["Security:SignInAttemptsPerMinute"] = "100000",
            ["Security:HttpsOnlyCookies"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    protected virtual string EnvironmentName => "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
        if (Environment.GetEnvironmentVariable("CASUS_SERVER_LOG") is { Length: > 0 } serverLog)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(new FileLoggerProvider(serverLog)));
        }
    }

    public CasusClient CreateCasusClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    }), this);

    /// <summary>A client signed in as the demo account with this role (password and TOTP, as a person would).</summary>
    public async Task<CasusClient> SignedInAsAsync(string role)
    {
        var client = CreateCasusClient();
        var account = DemoRegion.Accounts.Single(a => a.Role == role);
        await client.SignInAsync(account.Email, DemoRegion.Password, account.TotpSecret);
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<CasusDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CasusDbContext>());
    }

    public Task<Guid> UserIdAsync(string email) =>
        WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());

    public Task InitializeAsync()
    {
        _ = Server; // start the host: migrations and demo seed run now
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase)
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>False for a second instance sharing another's database.</summary>
    public bool OwnsDatabase { get; init; } = true;
}
