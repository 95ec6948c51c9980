using Casus.Web.Platform.Encryption;

namespace Casus.Web.Platform.Security.KeyStores;

/// <summary>What a move from the key file to a token did.</summary>
public sealed record KeyMoveResult(int KeyEncryptionKeys, int Secrets, int Tombstones);

/// <summary>
/// Moves an installation from the embedded key file to a PKCS#11 token (operator command <c>move-keys-to-pkcs11</c>):
/// every key-encryption key becomes a non-extractable AES key in the token, every application secret a sealed data
/// object, and every destroyed key a tombstone, so what was destroyed stays destroyed. The data is not touched.
/// Afterwards the key file is no longer used and should be destroyed (its keys also open old backups).
/// </summary>
public static class KeyMove
{
    public const string CommandName = "move-keys-to-pkcs11";

    public static KeyMoveResult Move(FileKeyStore from, Pkcs11KeyStore to)
    {
        int keks = 0, secrets = 0, tombstones = 0;
        // Tombstones first: a name destroyed in the file must never come alive in the token.
        foreach (var (name, value) in from.ReadAll().OrderBy(k => k.Value is null ? 0 : 1).ThenBy(k => k.Key, StringComparer.Ordinal))
        {
            var isKek = PersonDataProtector.IsKekName(name);
            to.Import(name, value, isKek);
            if (value is null)
            {
                tombstones++;
            }
            else if (isKek)
            {
                keks++;
            }
            else
            {
                secrets++;
            }
        }
        return new KeyMoveResult(keks, secrets, tombstones);
    }

    public static int Run(IConfiguration configuration, IHostEnvironment environment, IKeyStore configured, TextWriter output, TextWriter error)
    {
        if (configured is not Pkcs11KeyStore token)
        {
            error.WriteLine("Set Keys:Store=Pkcs11 with Keys:Pkcs11:LibraryPath, TokenLabel and UserPin first; the keys are moved into that token.");
            return 2;
        }
        var options = configuration.GetSection(KeyStoreOptions.Section).Get<KeyStoreOptions>() ?? new KeyStoreOptions();
        var path = KeyStoreSetup.FilePathOf(options, environment);
        if (!File.Exists(path))
        {
            error.WriteLine($"There is no key file at {path} (Keys:FilePath).");
            return 2;
        }
        try
        {
            var result = Move(new FileKeyStore(path), token);
            output.WriteLine($"Moved {result.KeyEncryptionKeys} key-encryption keys, {result.Secrets} secrets and {result.Tombstones} destroyed keys from {path} into the token.");
            output.WriteLine("Casus now reads its keys from the token only. Destroy the key file and any copy of it: its keys would also open old backups.");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message + " Move keys into a token that Casus has not used yet.");
            return 1;
        }
    }
}
