using System.Security.Cryptography;
using System.Text.Json;

namespace Casus.Web.Platform.Security;

/// <summary>
/// Named secret keys the application needs (the log chain's HMAC key, the pseudonym key, the per-municipality
/// key-encryption keys). The embedded default keeps them in a file outside the database, so a copy of the database
/// alone cannot forge the log chain, reverse a pseudonym or unwrap a data key.
/// </summary>
public interface IKeyStore
{
    /// <summary>Returns the 32-byte key with this name, creating it on first use; throws <see cref="KeyDestroyedException"/> for a destroyed key.</summary>
    byte[] GetOrCreateKey(string name);

    /// <summary>True when a key with this name exists and was not destroyed.</summary>
    bool Exists(string name);

    /// <summary>
    /// Destroys the key for good: it is removed and its name is remembered, so it is never created again under the
    /// same name (a new random key there would silently replace the destroyed one).
    /// </summary>
    void DestroyKey(string name);
}

/// <summary>The key was destroyed in the key store: whatever it protected can no longer be read.</summary>
public sealed class KeyDestroyedException(string name) : CryptographicException($"The key '{name}' was destroyed.")
{
    public string KeyName { get; } = name;
}

public sealed class KeyStoreOptions
{
    public const string Section = "Keys";
    /// <summary>The key file; defaults to ./data/keys/casus-keys.json.</summary>
    public string? FilePath { get; set; }
}

/// <summary>
/// The key store of the embedded default: one JSON file, readable by the service account only. A destroyed key
/// stays in the file as a name with an empty value (a tombstone).
/// </summary>
public sealed class FileKeyStore : IKeyStore
{
    private const string Destroyed = "";
    private readonly string _path;
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _keys;

    public FileKeyStore(string path) => _path = path;

    public byte[] GetOrCreateKey(string name)
    {
        lock (_lock)
        {
            if (!Current().TryGetValue(name, out var value))
            {
                // Another process on this host may have added it since the file was read: read again before creating.
                _keys = Load();
                if (!_keys.TryGetValue(name, out value))
                {
                    value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    _keys[name] = value;
                    Save();
                }
            }
            return value == Destroyed ? throw new KeyDestroyedException(name) : Convert.FromBase64String(value);
        }
    }

    public bool Exists(string name)
    {
        lock (_lock)
        {
            return Current().TryGetValue(name, out var value) && value != Destroyed;
        }
    }

    public void DestroyKey(string name)
    {
        lock (_lock)
        {
            _keys = Load();
            _keys[name] = Destroyed;
            Save();
        }
    }

    private Dictionary<string, string> Current() => _keys ??= Load();

    private Dictionary<string, string> Load()
    {
        if (!File.Exists(_path))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_path))
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private void Save()
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(_path))!;
        Directory.CreateDirectory(folder);
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_keys));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, _path, overwrite: true);
    }
}
