using System.Security.Cryptography;
using System.Text.Json;

namespace Casus.Web.Platform.Security;

/// <summary>
/// Named secret keys the application needs (the log chain's HMAC key, the pseudonym key, later the
/// per-municipality key-encryption keys). The embedded default keeps them in a file outside the database, so a
/// copy of the database alone cannot forge the log chain or reverse a pseudonym.
/// </summary>
public interface IKeyStore
{
    /// <summary>Returns the 32-byte key with this name, creating it on first use.</summary>
    byte[] GetOrCreateKey(string name);
}

public sealed class KeyStoreOptions
{
    public const string Section = "Keys";
    /// <summary>The key file; defaults to ./data/keys/casus-keys.json.</summary>
    public string? FilePath { get; set; }
}

public sealed class FileKeyStore : IKeyStore
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _keys;

    public FileKeyStore(string path) => _path = path;

    public byte[] GetOrCreateKey(string name)
    {
        lock (_lock)
        {
            _keys ??= Load();
            if (!_keys.TryGetValue(name, out var value))
            {
                value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                _keys[name] = value;
                Save();
            }
            return Convert.FromBase64String(value);
        }
    }

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
