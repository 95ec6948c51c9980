using System.Runtime.InteropServices;
using Casus.Web.Platform.Security.KeyStores;
using Net.Pkcs11Interop.Common;

namespace Casus.Tests.Support;

/// <summary>
/// Debian's SoftHSM as the hardware security module of the PKCS#11 key store (./test.sh installs softhsm2). Its tokens
/// live in a temporary folder of this test run, removed when the run ends; every test gets a token of its own.
/// </summary>
public static class SoftHsm
{
    public const string LibraryPath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string UserPin = "user-pin-4821";
    private const string SecurityOfficerPin = "so-pin-9137";
    private static readonly Lazy<string> Folder = new(Prepare);
    private static readonly Lock Tokens = new();

    /// <summary>A new, empty token; the options to reach it.</summary>
    public static Pkcs11KeyStoreOptions NewToken()
    {
        _ = Folder.Value;
        lock (Tokens)
        {
            var library = Pkcs11Modules.Load(LibraryPath);
            var free = library.GetSlotList(SlotsType.WithTokenPresent).First(s => !s.GetTokenInfo().TokenFlags.TokenInitialized);
            var label = "casus-" + Guid.NewGuid().ToString("N")[..16];
            free.InitToken(SecurityOfficerPin, label);
            using (var session = free.OpenSession(SessionType.ReadWrite))
            {
                session.Login(CKU.CKU_SO, SecurityOfficerPin);
                session.InitPin(UserPin);
                session.Logout();
            }
            return new Pkcs11KeyStoreOptions { LibraryPath = LibraryPath, TokenLabel = label, UserPin = UserPin };
        }
    }

    /// <summary>The settings that make an <see cref="AppFactory"/> keep its keys in this token.</summary>
    public static Dictionary<string, string?> Settings(Pkcs11KeyStoreOptions token) => new()
    {
        ["Keys:Store"] = "Pkcs11",
        ["Keys:Pkcs11:LibraryPath"] = token.LibraryPath,
        ["Keys:Pkcs11:TokenLabel"] = token.TokenLabel,
        ["Keys:Pkcs11:UserPin"] = token.UserPin,
    };

    private static string Prepare()
    {
        if (!File.Exists(LibraryPath))
        {
            throw new InvalidOperationException($"SoftHSM is not installed ({LibraryPath} is missing): apt-get install softhsm2, as ./test.sh does.");
        }
        var folder = Directory.CreateTempSubdirectory("casus-softhsm-").FullName;
        var tokens = Directory.CreateDirectory(Path.Combine(folder, "tokens")).FullName;
        var config = Path.Combine(folder, "softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // Read by SoftHSM (native getenv) when the module is initialised, which happens after this. .NET's own
        // Environment.SetEnvironmentVariable does not reach native code on Linux, so libc's setenv it is.
        if (NativeEnvironment.setenv("SOFTHSM2_CONF", config, 1) != 0)
        {
            throw new InvalidOperationException("Could not set SOFTHSM2_CONF for SoftHSM.");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is in the temp directory.
            }
        };
        return folder;
    }
}

internal static class NativeEnvironment
{
    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    internal static extern int setenv(string name, string value, int overwrite);
}
