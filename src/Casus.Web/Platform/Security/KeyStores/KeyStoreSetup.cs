namespace Casus.Web.Platform.Security.KeyStores;

/// <summary>Which key store Casus uses (Keys in configuration).</summary>
public sealed class KeyStoreOptions
{
    public const string Section = "Keys";
    public const string FileStore = "File";
    public const string Pkcs11Store = "Pkcs11";

    /// <summary><c>File</c> (the embedded default) or <c>Pkcs11</c> (a hardware security module or other PKCS#11 token).</summary>
    public string Store { get; set; } = FileStore;

    /// <summary>The key file of the file store; defaults to ./data/keys/casus-keys.json.</summary>
    public string? FilePath { get; set; }

    public Pkcs11KeyStoreOptions Pkcs11 { get; set; } = new();
}

public static class KeyStoreSetup
{
    /// <summary>Registers the configured key store; a misconfigured PKCS#11 store stops the start with a clear message.</summary>
    public static IServiceCollection AddCasusKeyStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(KeyStoreOptions.Section).Get<KeyStoreOptions>() ?? new KeyStoreOptions();
        if (string.Equals(options.Store, KeyStoreOptions.Pkcs11Store, StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IKeyStore>(new Pkcs11KeyStore(options.Pkcs11));
        }
        else if (string.Equals(options.Store, KeyStoreOptions.FileStore, StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IKeyStore>(new FileKeyStore(FilePathOf(options, environment)));
            if (!environment.IsDevelopment())
            {
                services.AddHostedService<FileKeyStoreWarning>();
            }
        }
        else
        {
            throw new InvalidOperationException($"Keys:Store is '{options.Store}'; use '{KeyStoreOptions.FileStore}' or '{KeyStoreOptions.Pkcs11Store}'.");
        }
        return services;
    }

    public static string FilePathOf(KeyStoreOptions options, IHostEnvironment environment) =>
        options.FilePath ?? Path.Combine(environment.ContentRootPath, "data", "keys", "casus-keys.json");

    /// <summary>Outside development the file store works, but its keys sit on the same host as the data: say so once at start.</summary>
    private sealed class FileKeyStoreWarning(ILogger<FileKeyStoreWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("Casus keeps its keys in a file (Keys:Store=File). For production, keep them in a hardware security module: Keys:Store=Pkcs11 (see README, \"Keys\").");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
