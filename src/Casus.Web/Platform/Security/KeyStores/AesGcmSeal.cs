using System.Security.Cryptography;

namespace Casus.Web.Platform.Security.KeyStores;

/// <summary>
/// AES-256-GCM in the one layout Casus stores: a random 96-bit nonce, the ciphertext, a 128-bit tag. The PKCS#11 key
/// store produces the same layout inside the token, so wrapped data keys read the same whichever store made them.
/// </summary>
public static class AesGcmSeal
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
        return output;
    }

    public static byte[] Open(byte[] key, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData)
    {
        if (sealedData.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The ciphertext is too short.");
        }
        var plaintext = new byte[sealedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData[..NonceSize], sealedData.Slice(NonceSize, plaintext.Length),
            sealedData[^TagSize..], plaintext, associatedData);
        return plaintext;
    }
}
