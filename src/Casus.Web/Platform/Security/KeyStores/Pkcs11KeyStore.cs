using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace Casus.Web.Platform.Security.KeyStores;

/// <summary>Where the PKCS#11 key store finds its token (Keys:Pkcs11 in configuration).</summary>
public sealed class Pkcs11KeyStoreOptions
{
    /// <summary>The vendor's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so or the HSM client's library.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>The label of the token (partition) that holds Casus's keys.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>The token's user PIN; give it through the environment (Keys__Pkcs11__UserPin) or a secret store, not a file in the repository.</summary>
    public string? UserPin { get; set; }
}

/// <summary>
/// The production key store: keys live in a hardware security module (or any PKCS#11 token) instead of a file.
/// <list type="bullet">
/// <item>Key-encryption keys are AES-256 keys generated in the token as sensitive and non-extractable: wrapping and
/// unwrapping a person's data key (AES-GCM) happen inside the token, and the key never leaves it.</item>
/// <item>The application's secrets (log chain, pseudonyms, blind index, token signing), which are used in memory for
/// every request, are kept in the token as private data objects, each sealed by the token's own
/// <see cref="SecretsKeyName"/> key; they are opened once per process.</item>
/// <item>Destroying a key destroys its token object and leaves a tombstone data object with the same label, so the name
/// is never given a new key (see <see cref="IKeyStore.DestroyKey"/>).</item>
/// </list>
/// Several web nodes may share one token. Should two create the same key at the same moment, every node uses the copy
/// with the lowest id for new work, and <see cref="Open"/> tries each copy (GCM's tag tells which one is right), so
/// nothing sealed with either copy is lost.
/// </summary>
public sealed class Pkcs11KeyStore : IKeyStore, IDisposable
{
    /// <summary>The AES key in the token that seals the application's secrets.</summary>
    public const string SecretsKeyName = "casus:application-secrets";
    private const string SecretApplication = "casus-secret";
    private const string TombstoneApplication = "casus-destroyed-key";
    private const int KeySize = 32;

    private readonly ISlot _slot;
    private readonly string _pin;
    private readonly ConcurrentBag<ISession> _sessions = [];
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);
    // Serialises creating keys within this process; other nodes are handled by the lowest-id rule.
    private readonly Lock _create = new();
    private bool _disposed;

    public Pkcs11KeyStore(Pkcs11KeyStoreOptions options)
    {
        var libraryPath = options.LibraryPath is { Length: > 0 } path ? path
            : throw new InvalidOperationException("Keys:Pkcs11:LibraryPath is required for the PKCS#11 key store.");
        var tokenLabel = options.TokenLabel is { Length: > 0 } label ? label
            : throw new InvalidOperationException("Keys:Pkcs11:TokenLabel is required for the PKCS#11 key store.");
        _pin = options.UserPin is { Length: > 0 } pin ? pin
            : throw new InvalidOperationException("Keys:Pkcs11:UserPin is required for the PKCS#11 key store (give it through the environment: Keys__Pkcs11__UserPin).");
        _slot = Pkcs11Modules.Load(libraryPath).GetSlotList(SlotsType.WithTokenPresent)
            .FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == tokenLabel)
            ?? throw new InvalidOperationException($"The PKCS#11 module {libraryPath} has no token labelled '{tokenLabel}'.");
        // Logs in now, so a wrong PIN stops the start instead of the first request.
        Return(Rent());
    }

    public byte[] GetOrCreateKey(string name)
    {
        if (_secrets.TryGetValue(name, out var cached))
        {
            return (byte[])cached.Clone();
        }
        using var lease = Lease();
        var session = lease.Session;
        ThrowIfDestroyed(session, name);
        var secret = ReadSecret(session, name);
        if (secret is null)
        {
            lock (_create)
            {
                secret = ReadSecret(session, name);
                if (secret is null)
                {
                    StoreSecret(session, name, session.GenerateRandom(KeySize));
                    // Another node may have stored one at the same moment: everyone uses the lowest id.
                    secret = ReadSecret(session, name)!;
                }
            }
        }
        _secrets[name] = secret;
        return (byte[])secret.Clone();
    }

    public byte[] Seal(string keyName, byte[] plaintext, byte[] associatedData)
    {
        using var lease = Lease();
        var session = lease.Session;
        ThrowIfDestroyed(session, keyName);
        var key = FindAesKeys(session, keyName).FirstOrDefault();
        if (key is null)
        {
            lock (_create)
            {
                key = FindAesKeys(session, keyName).FirstOrDefault();
                if (key is null)
                {
                    GenerateAesKey(session, keyName);
                    key = FindAesKeys(session, keyName).First();
                }
            }
        }
        var nonce = session.GenerateRandom(AesGcmSeal.NonceSize);
        var sealedPart = session.Encrypt(Gcm(nonce, associatedData), key, plaintext);
        return [.. nonce, .. sealedPart];
    }

    public byte[] Open(string keyName, byte[] sealedData, byte[] associatedData)
    {
        if (sealedData.Length < AesGcmSeal.NonceSize + AesGcmSeal.TagSize)
        {
            throw new CryptographicException("The ciphertext is too short.");
        }
        using var lease = Lease();
        var session = lease.Session;
        ThrowIfDestroyed(session, keyName);
        var candidates = FindAesKeys(session, keyName);
        if (candidates.Count == 0)
        {
            throw new CryptographicException($"The key store has no key '{keyName}'.");
        }
        var nonce = sealedData[..AesGcmSeal.NonceSize];
        var sealedPart = sealedData[AesGcmSeal.NonceSize..];
        var failure = CKR.CKR_OK;
        foreach (var key in candidates)
        {
            try
            {
                return session.Decrypt(Gcm(nonce, associatedData), key, sealedPart);
            }
            catch (Pkcs11Exception e) when (!IsOutage(e.RV))
            {
                // Not this copy (or the data or its context were altered): GCM's tag does not verify. Modules report
                // that differently (SoftHSM: CKR_GENERAL_ERROR; others CKR_ENCRYPTED_DATA_INVALID).
                failure = e.RV;
            }
        }
        throw new CryptographicException($"The data does not open with the key '{keyName}' ({failure}).");
    }

    /// <summary>The token or the session is unavailable: an error to report, not a key that does not fit.</summary>
    private static bool IsOutage(CKR result) => result is CKR.CKR_DEVICE_ERROR or CKR.CKR_DEVICE_MEMORY or CKR.CKR_DEVICE_REMOVED
        or CKR.CKR_TOKEN_NOT_PRESENT or CKR.CKR_SESSION_CLOSED or CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_USER_NOT_LOGGED_IN
        or CKR.CKR_CRYPTOKI_NOT_INITIALIZED or CKR.CKR_HOST_MEMORY;

    public bool Exists(string name)
    {
        using var lease = Lease();
        var session = lease.Session;
        return !IsDestroyed(session, name) && HasKeyOrSecret(session, name);
    }

    public void DestroyKey(string name)
    {
        using var lease = Lease();
        var session = lease.Session;
        lock (_create)
        {
            // The tombstone first: should the process stop halfway, the name is already never reused.
            if (!IsDestroyed(session, name))
            {
                session.CreateObject(
                [
                    Attribute(CKA.CKA_CLASS, CKO.CKO_DATA),
                    Attribute(CKA.CKA_TOKEN, true),
                    Attribute(CKA.CKA_PRIVATE, true),
                    Attribute(CKA.CKA_LABEL, name),
                    Attribute(CKA.CKA_APPLICATION, TombstoneApplication),
                ]);
            }
            foreach (var key in FindAesKeys(session, name).Concat(FindSecretObjects(session, name)))
            {
                session.DestroyObject(key);
            }
            if (_secrets.TryRemove(name, out var secret))
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }

    /// <summary>Puts an existing key into the token (moving from the file key store): a key-encryption key or a secret.</summary>
    public void Import(string name, byte[]? value, bool isKeyEncryptionKey)
    {
        using var lease = Lease();
        var session = lease.Session;
        if (value is null)
        {
            DestroyKey(name);
            return;
        }
        if (IsDestroyed(session, name) || HasKeyOrSecret(session, name))
        {
            throw new InvalidOperationException($"The token already has a key or tombstone named '{name}'.");
        }
        if (isKeyEncryptionKey)
        {
            session.CreateObject([.. AesKeyAttributes(name), Attribute(CKA.CKA_VALUE, value)]);
        }
        else
        {
            StoreSecret(session, name, value);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        while (_sessions.TryTake(out var session))
        {
            session.Dispose();
        }
        foreach (var secret in _secrets.Values)
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private byte[]? ReadSecret(ISession session, string name)
    {
        var objects = FindSecretObjects(session, name);
        if (objects.Count == 0)
        {
            return null;
        }
        var sealedValue = session.GetAttributeValue(objects[0], [CKA.CKA_VALUE])[0].GetValueAsByteArray();
        return Open(SecretsKeyName, sealedValue, SecretContext(name));
    }

    private void StoreSecret(ISession session, string name, byte[] secret) =>
        session.CreateObject(
        [
            Attribute(CKA.CKA_CLASS, CKO.CKO_DATA),
            Attribute(CKA.CKA_TOKEN, true),
            Attribute(CKA.CKA_PRIVATE, true),
            Attribute(CKA.CKA_MODIFIABLE, false),
            Attribute(CKA.CKA_LABEL, name),
            Attribute(CKA.CKA_APPLICATION, SecretApplication),
            Attribute(CKA.CKA_VALUE, Seal(SecretsKeyName, secret, SecretContext(name))),
        ]);

    private static byte[] SecretContext(string name) => Encoding.UTF8.GetBytes("casus-secret:" + name);

    private static void GenerateAesKey(ISession session, string name) =>
        session.GenerateKey(Factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN),
            [.. AesKeyAttributes(name), Attribute(CKA.CKA_VALUE_LEN, (ulong)KeySize)]);

    private static List<IObjectAttribute> AesKeyAttributes(string name) =>
    [
        Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
        Attribute(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
        Attribute(CKA.CKA_TOKEN, true),
        Attribute(CKA.CKA_PRIVATE, true),
        Attribute(CKA.CKA_SENSITIVE, true),
        Attribute(CKA.CKA_EXTRACTABLE, false),
        Attribute(CKA.CKA_ENCRYPT, true),
        Attribute(CKA.CKA_DECRYPT, true),
        Attribute(CKA.CKA_WRAP, false),
        Attribute(CKA.CKA_UNWRAP, false),
        Attribute(CKA.CKA_LABEL, name),
        Attribute(CKA.CKA_ID, RandomNumberGenerator.GetBytes(16)),
    ];

    /// <summary>The AES keys with this label, lowest id first (more than one only after two nodes created it at once).</summary>
    private static List<IObjectHandle> FindAesKeys(ISession session, string name) =>
        OrderBy(session, session.FindAllObjects(
        [
            Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            Attribute(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            Attribute(CKA.CKA_LABEL, name),
        ]), CKA.CKA_ID);

    private static List<IObjectHandle> FindSecretObjects(ISession session, string name) =>
        OrderBy(session, session.FindAllObjects(
        [
            Attribute(CKA.CKA_CLASS, CKO.CKO_DATA),
            Attribute(CKA.CKA_APPLICATION, SecretApplication),
            Attribute(CKA.CKA_LABEL, name),
        ]), CKA.CKA_VALUE); // The sealed value starts with a random nonce: it orders copies the same way on every node.

    private static List<IObjectHandle> OrderBy(ISession session, List<IObjectHandle> objects, CKA id) =>
        objects.Count < 2 ? objects
            : [.. objects.OrderBy(o => Convert.ToHexString(session.GetAttributeValue(o, [id])[0].GetValueAsByteArray() ?? []), StringComparer.Ordinal)];

    private static bool HasKeyOrSecret(ISession session, string name) =>
        FindAesKeys(session, name).Count > 0 || FindSecretObjects(session, name).Count > 0;

    private static bool IsDestroyed(ISession session, string name) =>
        session.FindAllObjects(
        [
            Attribute(CKA.CKA_CLASS, CKO.CKO_DATA),
            Attribute(CKA.CKA_APPLICATION, TombstoneApplication),
            Attribute(CKA.CKA_LABEL, name),
        ]).Count > 0;

    private static void ThrowIfDestroyed(ISession session, string name)
    {
        if (IsDestroyed(session, name))
        {
            throw new KeyDestroyedException(name);
        }
    }

    private static IMechanism Gcm(byte[] nonce, byte[] associatedData) =>
        Factories.MechanismFactory.Create(CKM.CKM_AES_GCM,
            Factories.MechanismParamsFactory.CreateCkGcmParams(nonce, (ulong)nonce.Length * 8, associatedData, AesGcmSeal.TagSize * 8));

    /// <summary>A PKCS#11 attribute from a plain value (bool, string, bytes, ulong, object class or key type).</summary>
    internal static IObjectAttribute Attribute(CKA type, object value) => value switch
    {
        bool b => Factories.ObjectAttributeFactory.Create(type, b),
        string s => Factories.ObjectAttributeFactory.Create(type, s),
        byte[] bytes => Factories.ObjectAttributeFactory.Create(type, bytes),
        ulong u => Factories.ObjectAttributeFactory.Create(type, u),
        CKO o => Factories.ObjectAttributeFactory.Create(type, o),
        CKK k => Factories.ObjectAttributeFactory.Create(type, k),
        _ => throw new ArgumentException($"No PKCS#11 attribute value of type {value.GetType().Name}.", nameof(value)),
    };

    private static Pkcs11InteropFactories Factories => Pkcs11Modules.Factories;

    private SessionLease Lease() => new(this, Rent());

    private ISession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_sessions.TryTake(out var session))
        {
            return session;
        }
        session = _slot.OpenSession(SessionType.ReadWrite);
        try
        {
            session.Login(CKU.CKU_USER, _pin);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Login is per application and token: an earlier session (or another store on the same token) did it.
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return session;
    }

    private void Return(ISession session)
    {
        if (_disposed)
        {
            session.Dispose();
            return;
        }
        _sessions.Add(session);
    }

    /// <summary>A session borrowed from the pool: PKCS#11 sessions run one operation at a time.</summary>
    private readonly struct SessionLease(Pkcs11KeyStore store, ISession session) : IDisposable
    {
        public ISession Session { get; } = session;
        public void Dispose() => store.Return(Session);
    }
}

/// <summary>
/// A PKCS#11 module is initialised once per process (C_Initialize); every store on it shares that one instance.
/// </summary>
public static class Pkcs11Modules
{
    private static readonly ConcurrentDictionary<string, IPkcs11Library> Loaded = new(StringComparer.Ordinal);

    public static Pkcs11InteropFactories Factories { get; } = new();

    static Pkcs11Modules()
    {
        // Pkcs11Interop loads modules through dlopen in "libdl", a name only development packages provide on current
        // glibc systems (Debian 12 has libdl.so.2 only): point it at the runtime library.
        NativeLibrary.SetDllImportResolver(typeof(IPkcs11Library).Assembly, (name, assembly, path) =>
            name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libdl.so.2", assembly, path, out var handle)
                ? handle
                : IntPtr.Zero);
    }

    public static IPkcs11Library Load(string libraryPath) =>
        Loaded.GetOrAdd(Path.GetFullPath(libraryPath), path =>
            File.Exists(path)
                ? Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded)
                : throw new InvalidOperationException($"The PKCS#11 module {path} does not exist."));
}
