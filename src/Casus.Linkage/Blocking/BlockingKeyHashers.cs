using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Casus.Linkage.Blocking;

/// <summary>
/// Turns a plain blocking key into what may be stored: the web application uses <see cref="HmacBlockingKeyHasher"/>
/// so the database holds no clear-text names, dates or numbers; tests and batch jobs in memory may use
/// <see cref="IdentityBlockingKeyHasher"/>. Implementations must be deterministic and thread-safe.
/// </summary>
public interface IBlockingKeyHasher
{
    string Hash(string blockingKey);
}

/// <summary>Returns the key unchanged. For tests and in-memory batch runs only; never store its output.</summary>
public sealed class IdentityBlockingKeyHasher : IBlockingKeyHasher
{
    public static IdentityBlockingKeyHasher Instance { get; } = new();

    public string Hash(string blockingKey) => blockingKey;
}

/// <summary>
/// HMAC-SHA256 of the UTF-8 key under a secret (per municipality or region), truncated to 128 bits and written as
/// base64url (22 characters). Equal keys give equal hashes under the same secret, so candidate search works on the
/// stored hashes; without the secret the hashes cannot be tested against guessed names or dates.
/// The national-id key of this hasher is the blind index for exact national-id lookups.
/// </summary>
public sealed class HmacBlockingKeyHasher : IBlockingKeyHasher
{
    private const int OutputBytes = 16;
    private readonly byte[] _key;

    public HmacBlockingKeyHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("Use a key of at least 256 bits.", nameof(key));
        }

        _key = key.ToArray();
    }

    public string Hash(string blockingKey)
    {
        ArgumentNullException.ThrowIfNull(blockingKey);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(blockingKey.Length);
        Span<byte> input = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(blockingKey, input);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input[..length], mac);
        return Base64Url.EncodeToString(mac[..OutputBytes]);
    }
}
