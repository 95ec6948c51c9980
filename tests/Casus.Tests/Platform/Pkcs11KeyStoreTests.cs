using System.Security.Cryptography;
using System.Text;
using Casus.Tests.Support;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security.KeyStores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Net.Pkcs11Interop.Common;
using static Casus.Web.Platform.Security.KeyStores.Pkcs11KeyStore;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace Casus.Tests.Platform;

/// <summary>
/// The production key store against a real PKCS#11 module (SoftHSM): key-encryption keys that never leave the token,
/// secrets shared by every node, destruction that holds, and the move from the key file.
/// </summary>
[Trait("Category", "SqliteOnly")] // No database involved: once per test run is enough.
public sealed class Pkcs11KeyStoreTests : IDisposable
{
    private static readonly byte[] Context = Encoding.UTF8.GetBytes("casus-dek:test");
    private readonly Pkcs11KeyStoreOptions _token = SoftHsm.NewToken();
    private readonly List<Pkcs11KeyStore> _stores = [];

    [Fact]
    public void A_data_key_is_wrapped_inside_the_token_and_the_key_encryption_key_cannot_be_read_out()
    {
        var store = Open();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = store.Seal("kek:municipality:a:v1", dataKey, Context);

        Assert.Equal(12 + 32 + 16, wrapped.Length);
        Assert.Equal(dataKey, store.Open("kek:municipality:a:v1", wrapped, Context));
        // Bound to its context: the same wrapped key presented for another person does not open.
        Assert.ThrowsAny<CryptographicException>(() => store.Open("kek:municipality:a:v1", wrapped, Encoding.UTF8.GetBytes("casus-dek:other")));
        // Nor under another municipality's key.
        store.Seal("kek:municipality:b:v1", dataKey, Context);
        Assert.ThrowsAny<CryptographicException>(() => store.Open("kek:municipality:b:v1", wrapped, Context));

        using var session = RawSession();
        var key = Assert.Single(session.FindAllObjects([Attribute(CKA.CKA_LABEL, "kek:municipality:a:v1"), Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY)]));
        var flags = session.GetAttributeValue(key, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_TOKEN]);
        Assert.True(flags[0].GetValueAsBool());
        Assert.False(flags[1].GetValueAsBool());
        Assert.True(flags[2].GetValueAsBool());
        Assert.True(session.GetAttributeValue(key, [CKA.CKA_VALUE])[0].CannotBeRead);
    }

    [Fact]
    public void A_second_node_on_the_same_token_opens_what_the_first_sealed_and_gets_the_same_secrets()
    {
        var first = Open();
        var second = Open();
        var secret = first.GetOrCreateKey("blind-index");
        Assert.Equal(32, secret.Length);
        Assert.Equal(secret, second.GetOrCreateKey("blind-index"));
        Assert.NotEqual(secret, first.GetOrCreateKey("subject-pseudonym"));
        var dataKey = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(dataKey, second.Open("kek:m:v1", first.Seal("kek:m:v1", dataKey, Context), Context));
    }

    [Fact]
    public void A_secret_is_stored_sealed_in_the_token_never_in_clear()
    {
        var secret = Open().GetOrCreateKey("processing-log-chain");
        using var session = RawSession();
        var stored = Assert.Single(session.FindAllObjects([Attribute(CKA.CKA_LABEL, "processing-log-chain"), Attribute(CKA.CKA_CLASS, CKO.CKO_DATA)]));
        var value = session.GetAttributeValue(stored, [CKA.CKA_VALUE])[0].GetValueAsByteArray();
        Assert.Equal(12 + 32 + 16, value.Length);
        Assert.Equal(-1, value.AsSpan().IndexOf(secret.AsSpan(0, 8)));
    }

    [Fact]
    public void A_destroyed_key_stays_destroyed_for_every_node_and_is_never_created_again()
    {
        var first = Open();
        var wrapped = first.Seal("kek:m:v1", RandomNumberGenerator.GetBytes(32), Context);
        first.GetOrCreateKey("partner-token-signing");
        Assert.True(first.Exists("kek:m:v1"));

        first.DestroyKey("kek:m:v1");
        first.DestroyKey("partner-token-signing");

        foreach (var store in new[] { first, Open() })
        {
            Assert.False(store.Exists("kek:m:v1"));
            Assert.False(store.Exists("partner-token-signing"));
            Assert.Throws<KeyDestroyedException>(() => store.Open("kek:m:v1", wrapped, Context));
            Assert.Throws<KeyDestroyedException>(() => store.Seal("kek:m:v1", [1, 2, 3], Context));
            Assert.Throws<KeyDestroyedException>(() => store.GetOrCreateKey("kek:m:v1"));
            Assert.Throws<KeyDestroyedException>(() => store.GetOrCreateKey("partner-token-signing"));
        }
        using var session = RawSession();
        Assert.Empty(session.FindAllObjects([Attribute(CKA.CKA_LABEL, "kek:m:v1"), Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY)]));
    }

    [Fact]
    public void When_two_nodes_created_the_same_key_at_once_what_either_sealed_still_opens()
    {
        var store = Open();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var sealedBefore = store.Seal("kek:m:v2", dataKey, Context);
        // The other node's copy, made in the same moment (a second AES key with the same label).
        using (var session = RawSession())
        {
            session.GenerateKey(Pkcs11Modules.Factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN),
            [
                Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY), Attribute(CKA.CKA_KEY_TYPE, CKK.CKK_AES), Attribute(CKA.CKA_TOKEN, true),
                Attribute(CKA.CKA_PRIVATE, true), Attribute(CKA.CKA_SENSITIVE, true), Attribute(CKA.CKA_EXTRACTABLE, false),
                Attribute(CKA.CKA_ENCRYPT, true), Attribute(CKA.CKA_DECRYPT, true), Attribute(CKA.CKA_LABEL, "kek:m:v2"),
                Attribute(CKA.CKA_ID, new byte[16]), Attribute(CKA.CKA_VALUE_LEN, 32UL),
            ]);
        }
        var sealedAfter = store.Seal("kek:m:v2", dataKey, Context);
        Assert.Equal(dataKey, store.Open("kek:m:v2", sealedBefore, Context));
        Assert.Equal(dataKey, store.Open("kek:m:v2", sealedAfter, Context));
        // Destroying the key destroys both copies.
        store.DestroyKey("kek:m:v2");
        using var check = RawSession();
        Assert.Empty(check.FindAllObjects([Attribute(CKA.CKA_LABEL, "kek:m:v2"), Attribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY)]));
    }

    [Fact]
    public void A_wrong_pin_or_an_unknown_token_stops_the_start_with_a_clear_message()
    {
        var unknown = Assert.Throws<InvalidOperationException>(() => new Pkcs11KeyStore(new Pkcs11KeyStoreOptions
        {
            LibraryPath = SoftHsm.LibraryPath, TokenLabel = "no-such-token", UserPin = SoftHsm.UserPin,
        }));
        Assert.Contains("no token labelled 'no-such-token'", unknown.Message);
        var missingPin = Assert.Throws<InvalidOperationException>(() => new Pkcs11KeyStore(new Pkcs11KeyStoreOptions
        {
            LibraryPath = SoftHsm.LibraryPath, TokenLabel = _token.TokenLabel,
        }));
        Assert.Contains("Keys:Pkcs11:UserPin", missingPin.Message);
        var wrongPin = Assert.Throws<Pkcs11Exception>(() => new Pkcs11KeyStore(new Pkcs11KeyStoreOptions
        {
            LibraryPath = SoftHsm.LibraryPath, TokenLabel = _token.TokenLabel, UserPin = "not-the-pin",
        }));
        Assert.Equal(CKR.CKR_PIN_INCORRECT, wrongPin.RV);
    }

    [Fact]
    public void Moving_from_the_key_file_keeps_every_wrapped_key_readable_every_secret_equal_and_every_destruction()
    {
        var folder = Directory.CreateTempSubdirectory("casus-keymove-").FullName;
        try
        {
            var file = new FileKeyStore(Path.Combine(folder, "keys.json"));
            var dataKey = RandomNumberGenerator.GetBytes(32);
            var wrapped = file.Seal(PersonDataProtector.KekName(Guid.Empty, 1), dataKey, Context);
            var oldWrapped = file.Seal(PersonDataProtector.KekName(Guid.Empty, 0), dataKey, Context);
            file.DestroyKey(PersonDataProtector.KekName(Guid.Empty, 0));
            var chain = file.GetOrCreateKey("processing-log-chain");

            var token = Open();
            var result = KeyMove.Move(file, token);

            Assert.Equal(new KeyMoveResult(KeyEncryptionKeys: 1, Secrets: 1, Tombstones: 1), result);
            Assert.Equal(dataKey, token.Open(PersonDataProtector.KekName(Guid.Empty, 1), wrapped, Context));
            Assert.Throws<KeyDestroyedException>(() => token.Open(PersonDataProtector.KekName(Guid.Empty, 0), oldWrapped, Context));
            Assert.Equal(chain, Open().GetOrCreateKey("processing-log-chain"));
            // A second move into the same token is refused rather than mixing two sets of keys.
            Assert.Throws<InvalidOperationException>(() => KeyMove.Move(file, token));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_move_command_says_what_is_missing_and_changes_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("casus-keymove-").FullName;
        try
        {
            var keyFile = Path.Combine(folder, "keys.json");
            var environment = new HostingEnvironment { ContentRootPath = folder, EnvironmentName = "Production" };
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Keys:FilePath"] = keyFile }).Build();
            var output = new StringWriter();
            var error = new StringWriter();

            // Still on the file store: nothing to move into.
            Assert.Equal(2, KeyMove.Run(configuration, environment, new FileKeyStore(keyFile), output, error));
            Assert.Contains("Keys:Store=Pkcs11", error.ToString());

            // The token is configured but there is no key file.
            var token = Open();
            Assert.Equal(2, KeyMove.Run(configuration, environment, token, output, error));
            Assert.Contains($"There is no key file at {keyFile}", error.ToString());
            Assert.Equal("", output.ToString());
            Assert.False(token.Exists("blind-index"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_key_store_stops_the_start_with_a_clear_message()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Keys:Store"] = "Vault" }).Build();
        var refused = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddCasusKeyStore(configuration, new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Production" }));
        Assert.Equal("Keys:Store is 'Vault'; use 'File' or 'Pkcs11'.", refused.Message);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    private Pkcs11KeyStore Open()
    {
        var store = new Pkcs11KeyStore(_token);
        _stores.Add(store);
        return store;
    }

    /// <summary>A session of our own on the token, to look at what the store left there.</summary>
    private ISession RawSession()
    {
        var slot = Pkcs11Modules.Load(SoftHsm.LibraryPath).GetSlotList(SlotsType.WithTokenPresent)
            .Single(s => s.GetTokenInfo().Label.Trim() == _token.TokenLabel);
        var session = slot.OpenSession(SessionType.ReadWrite);
        try
        {
            session.Login(CKU.CKU_USER, SoftHsm.UserPin);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
        }
        return session;
    }
}
