using System.Security.Cryptography;
using System.Text;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security.KeyStores;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.Encryption;

/// <summary>The person's data was shredded (retention or erasure): it can never be read again.</summary>
public sealed class PersonDataShreddedException(Guid keyId) : Exception($"The data key {keyId} was destroyed.")
{
    public Guid KeyId { get; } = keyId;
}

/// <summary>
/// Encrypts and decrypts identifying data with per-person data keys wrapped by per-municipality key-encryption
/// keys (envelope encryption). A value is bound to its key and its field (associated data), so a ciphertext
/// cannot be moved to another person or another field unnoticed. One instance per request: unwrapped keys are
/// cached only for the request's lifetime.
/// </summary>
public sealed class PersonDataProtector(CasusDbContext db, IKeyStore keys, TimeProvider time)
{
    private const string Prefix = "v1.";
    private readonly Dictionary<Guid, byte[]> _unwrapped = [];

    /// <summary>A new data key for a person of this municipality; added to the context, saved by the caller.</summary>
    public async Task<PersonDataKey> CreateKeyAsync(Guid municipalityId, CancellationToken cancellationToken = default)
    {
        var version = await CurrentKekVersionAsync(municipalityId, cancellationToken);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var key = new PersonDataKey { MunicipalityId = municipalityId, KekVersion = version, CreatedAt = time.GetUtcNow() };
        key.WrappedKey = keys.Seal(KekName(municipalityId, version), dataKey, WrapContext(key.Id, municipalityId));
        db.Add(key);
        _unwrapped[key.Id] = dataKey;
        return key;
    }

    public async Task<string> EncryptAsync(Guid keyId, string field, string plaintext, CancellationToken cancellationToken = default)
    {
        var key = await DataKeyAsync(keyId, cancellationToken);
        return Prefix + Convert.ToBase64String(AesGcmSeal.Seal(key, Encoding.UTF8.GetBytes(plaintext), FieldContext(keyId, field)));
    }

    /// <summary>Bytes (an attachment), bound to the key and the field like text values.</summary>
    public async Task<byte[]> EncryptBytesAsync(Guid keyId, string field, byte[] plaintext, CancellationToken cancellationToken = default) =>
        AesGcmSeal.Seal(await DataKeyAsync(keyId, cancellationToken), plaintext, FieldContext(keyId, field));

    public async Task<byte[]> DecryptBytesAsync(Guid keyId, string field, byte[] ciphertext, CancellationToken cancellationToken = default) =>
        AesGcmSeal.Open(await DataKeyAsync(keyId, cancellationToken), ciphertext, FieldContext(keyId, field));

    public async Task<string?> EncryptOrNullAsync(Guid keyId, string field, string? plaintext, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(plaintext) ? null : await EncryptAsync(keyId, field, plaintext, cancellationToken);

    /// <summary>The clear text, or throws <see cref="PersonDataShreddedException"/> when the key was destroyed.</summary>
    public async Task<string> DecryptAsync(Guid keyId, string field, string ciphertext, CancellationToken cancellationToken = default)
    {
        // The key first: a value under a destroyed key is "destroyed", also when retention emptied the field itself.
        var key = await DataKeyAsync(keyId, cancellationToken);
        if (!ciphertext.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown ciphertext format.");
        }
        return Encoding.UTF8.GetString(AesGcmSeal.Open(key, Convert.FromBase64String(ciphertext[Prefix.Length..]), FieldContext(keyId, field)));
    }

    public async Task<string?> DecryptOrNullAsync(Guid keyId, string field, string? ciphertext, CancellationToken cancellationToken = default) =>
        ciphertext is null ? null : await DecryptAsync(keyId, field, ciphertext, cancellationToken);

    /// <summary>Destroys the data key: every value encrypted under it, wherever it was copied, is unreadable from now on.</summary>
    public async Task ShredAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        var key = await db.Set<PersonDataKey>().SingleAsync(k => k.Id == keyId, cancellationToken);
        CryptographicOperations.ZeroMemory(key.WrappedKey);
        key.WrappedKey = [];
        key.ShreddedAt ??= time.GetUtcNow();
        if (_unwrapped.Remove(keyId, out var cached))
        {
            CryptographicOperations.ZeroMemory(cached);
        }
    }

    /// <summary>
    /// Starts a new key-encryption key version for the municipality and re-wraps its data keys with it. The data
    /// itself is not touched: only 60-byte wrapped keys are rewritten. Saved by this call.
    /// </summary>
    public async Task<int> RotateKekAsync(Guid municipalityId, CancellationToken cancellationToken = default)
    {
        var next = await CurrentKekVersionAsync(municipalityId, cancellationToken) + 1;
        db.Add(new KeyEncryptionKeyVersion { MunicipalityId = municipalityId, Version = next, CreatedAt = time.GetUtcNow() });
        var keysOfMunicipality = await db.Set<PersonDataKey>()
            .Where(k => k.MunicipalityId == municipalityId && k.ShreddedAt == null).ToListAsync(cancellationToken);
        foreach (var key in keysOfMunicipality)
        {
            Rewrap(key, next);
        }
        await db.SaveChangesAsync(cancellationToken);
        return next;
    }

    /// <summary>Unwraps the data key with the key-encryption key version that wraps it now and wraps it with version <paramref name="newVersion"/>.</summary>
    private void Rewrap(PersonDataKey key, int newVersion)
    {
        var context = WrapContext(key.Id, key.MunicipalityId);
        var dataKey = keys.Open(KekName(key.MunicipalityId, key.KekVersion), key.WrappedKey, context);
        key.WrappedKey = keys.Seal(KekName(key.MunicipalityId, newVersion), dataKey, context);
        key.KekVersion = newVersion;
        CryptographicOperations.ZeroMemory(dataKey);
    }

    private async Task<byte[]> DataKeyAsync(Guid keyId, CancellationToken cancellationToken)
    {
        if (_unwrapped.TryGetValue(keyId, out var cached))
        {
            return cached;
        }
        var key = await db.Set<PersonDataKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken)
            ?? throw new PersonDataShreddedException(keyId);
        if (key.ShreddedAt is not null || key.WrappedKey.Length == 0)
        {
            throw new PersonDataShreddedException(keyId);
        }
        byte[] dataKey;
        try
        {
            dataKey = keys.Open(KekName(key.MunicipalityId, key.KekVersion), key.WrappedKey, WrapContext(key.Id, key.MunicipalityId));
        }
        catch (KeyDestroyedException)
        {
            // A data key wrapped by a destroyed key-encryption key: a row restored from a backup made before a
            // destruction (see KeyRetirement). What it protected is destroyed, like a shredded key's data.
            throw new PersonDataShreddedException(keyId);
        }
        _unwrapped[keyId] = dataKey;
        return dataKey;
    }

    private async Task<int> CurrentKekVersionAsync(Guid municipalityId, CancellationToken cancellationToken)
    {
        var versions = db.Set<KeyEncryptionKeyVersion>();
        var current = await versions.Where(v => v.MunicipalityId == municipalityId)
            .Select(v => (int?)v.Version).MaxAsync(cancellationToken);
        if (current is { } version)
        {
            return version;
        }
        if (versions.Local.FirstOrDefault(v => v.MunicipalityId == municipalityId) is { } pending)
        {
            return pending.Version;
        }
        db.Add(new KeyEncryptionKeyVersion { MunicipalityId = municipalityId, Version = 1, CreatedAt = time.GetUtcNow() });
        return 1;
    }

    /// <summary>The key store's name of a municipality's key-encryption key version.</summary>
    public static string KekName(Guid municipalityId, int version) => $"{KekPrefix}municipality:{municipalityId:N}:v{version}";

    private const string KekPrefix = "kek:";

    /// <summary>True for the name of a key-encryption key (used with Seal/Open), false for an application secret.</summary>
    public static bool IsKekName(string name) => name.StartsWith(KekPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Re-wraps the live data keys still wrapped by an older key-encryption key version of the municipality with the
    /// current one (a key created while a rotation ran). Returns how many. Saved by this call.
    /// </summary>
    public async Task<int> RewrapOlderThanAsync(Guid municipalityId, int currentVersion, CancellationToken cancellationToken = default)
    {
        var stragglers = await db.Set<PersonDataKey>()
            .Where(k => k.MunicipalityId == municipalityId && k.ShreddedAt == null && k.KekVersion < currentVersion).ToListAsync(cancellationToken);
        if (stragglers.Count == 0)
        {
            return 0;
        }
        foreach (var key in stragglers)
        {
            Rewrap(key, currentVersion);
        }
        await db.SaveChangesAsync(cancellationToken);
        return stragglers.Count;
    }

    private static byte[] WrapContext(Guid keyId, Guid municipalityId) => Encoding.UTF8.GetBytes($"casus-dek:{keyId:N}:{municipalityId:N}");

    private static byte[] FieldContext(Guid keyId, string field) => Encoding.UTF8.GetBytes($"casus-field:{keyId:N}:{field}");
}
