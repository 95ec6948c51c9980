using System.Security.Cryptography;
using System.Text;

namespace Casus.Web.Platform.Encryption;

/// <summary>
/// Keyed hashes of identifying values for exact lookups and linkage blocking without clear text in the database:
/// "the same national id" or "the same phonetic surname and birth year" become equal hashes, which mean nothing
/// without the key (kept outside the database, in the key store). The kind separates the hash spaces.
/// </summary>
public sealed class BlindIndex(byte[] key)
{
    public string Compute(string kind, string normalisedValue) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(kind + "\u001f" + normalisedValue)))[..40];
}
