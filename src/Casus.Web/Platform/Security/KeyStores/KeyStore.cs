using System.Security.Cryptography;
using System.Text.Json;

namespace Casus.Web.Platform.Security.KeyStores;

/// <summary>
/// Named secret keys the application needs, kept outside the database, so a copy of the database alone cannot forge
/// the log chain, reverse a pseudonym or unwrap a data key. Two kinds of use:
/// <list type="bullet">
/// <item><b>Secrets</b> the application computes with in memory at high rates (the log chain's HMAC key, the pseudonym
/// key, the blind-index key, the partner-token signing key): <see cref="GetOrCreateKey"/>.</item>
/// <item><b>Key-encryption keys</b> (per municipality and version) that wrap per-person data keys:
/// <see cref="Seal"/> and <see cref="Open"/>. A store backed by a hardware security module does this inside the module;
/// the key never leaves it.</item>
/// </list>
/// Keys are created on first use. A destroyed key is remembered (a tombstone), so a name is never given a new key.
/// </summary>
public interface IKeyStore
{
    /// <summary>Returns the 32-byte secret with this name, creating it on first use; throws <see cref="KeyDestroyedException"/> for a destroyed key.</summary>
    byte[] GetOrCreateKey(string name);

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> (AES-256-GCM, nonce ‖ ciphertext ‖ tag) with the key-encryption key of
    /// this name, creating it on first use; throws <see cref="KeyDestroyedException"/> for a destroyed key.
    /// </summary>
    byte[] Seal(string keyName, byte[] plaintext, byte[] associatedData);

    /// <summary>
    /// Decrypts what <see cref="Seal"/> made with this key. Throws <see cref="KeyDestroyedException"/> for a destroyed
    /// key and <see cref="CryptographicException"/> when the key does not exist or the data or its context do not match.
    /// </summary>
    byte[] Open(string keyName, byte[] sealedData, byte[] associatedData);

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

/// <summary>
/// The key store of the embedded default: one JSON file, readable by the service account only. A destroyed key
/// stays in the file as a name with an empty value (a tombstone). Key-encryption keys are used in memory.
/// </summary>
public sealed class FileKeyStore : IKeyStore
{
    private const string Destroyed = "";
    private readonly string _path;
    private readonly Lock _lock = new();
    private Dictionary<string, string>? _keys;

    public FileKeyStore(string path) => _path = path;

    public string FilePath => _path;

    public byte[] GetOrCreateKey(string name)
    {
        lock (_lock)
        {
            var value = Find(name);
            if (value is null)
            {
                value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                _keys![name] = value;
                Save();
            }
            return value == Destroyed ? throw new KeyDestroyedException(name) : Convert.FromBase64String(value);
        }
    }

    public byte[] Seal(string keyName, byte[] plaintext, byte[] associatedData) =>
        AesGcmSeal.Seal(GetOrCreateKey(keyName), plaintext, associatedData);

    public byte[] Open(string keyName, byte[] sealedData, byte[] associatedData)
    {
        string? value;
        lock (_lock)
        {
            value = Find(keyName);
        }
        return value switch
        {
            null => throw new CryptographicException($"The key store has no key '{keyName}'."),
            Destroyed => throw new KeyDestroyedException(keyName),
            _ => AesGcmSeal.Open(Convert.FromBase64String(value), sealedData, associatedData),
        };
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

    /// <summary>Every key and tombstone in the file (for moving them to another store): name → key, or null when destroyed.</summary>
    public IReadOnlyDictionary<string, byte[]?> ReadAll()
    {
        lock (_lock)
        {
            _keys = Load();
            return _keys.ToDictionary(k => k.Key, k => k.Value == Destroyed ? null : Convert.FromBase64String(k.Value), StringComparer.Ordinal);
        }
    }

    private Dictionary<string, string> Current() => _keys ??= Load();

    /// <summary>
    /// The stored value (a tombstone is <see cref="Destroyed"/>), or null. Another process on this host may have added
    /// the key since the file was read, so a miss reads the file again. Call under the lock.
    /// </summary>
    private string? Find(string name)
    {
        if (Current().TryGetValue(name, out var value))
        {
            return value;
        }
        _keys = Load();
        return _keys.TryGetValue(name, out value) ? value : null;
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
