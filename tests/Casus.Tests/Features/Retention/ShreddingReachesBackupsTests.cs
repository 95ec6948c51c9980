using System.Net;
using Casus.Tests.Features.Signals;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Security;
using Casus.Web.Platform.Security.KeyStores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Features.Retention;

/// <summary>
/// A destruction reaches the backups: after the privacy officer destroys a record, the municipality's key-encryption
/// key is rotated and, an hour later, the old version is destroyed in the key store. A backup of the data keys made
/// before the destruction, restored next to the current key file, then reads as destroyed — for the destroyed
/// person and for everyone else in that backup — while the live database stays readable.
/// </summary>
public class ShreddingReachesBackupsTests : IAsyncLifetime
{
    private protected readonly AppFactory _app;

    public ShreddingReachesBackupsTests() : this(new AppFactory())
    {
    }

    private protected ShreddingReachesBackupsTests(AppFactory app) => _app = app;

    public Task InitializeAsync() => ((IAsyncLifetime)_app).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();

    [Fact]
    public async Task A_backup_made_before_a_destruction_is_unreadable_once_the_superseded_key_is_retired_and_live_data_stays_readable()
    {
        RegisteredSignal old, recent;
        using (var police = await _app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            old = await police.RegisterAsync(await _app.SignalAboutAsync("Fenna", "Dekker", narrative: "Verspreidt filmpjes van aanslagen."));
        }
        // The old signal passes its retention period (NL-PGA: 12 months without a case); the recent one does not.
        _app.Time.Advance(TimeSpan.FromDays(330));
        using (var police = await _app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            recent = await police.RegisterAsync(await _app.SignalAboutAsync("Gijs", "Mulder", narrative: "Zoekt contact met ronselaars."));
        }
        var oldRow = await _app.WithDbAsync(db => db.Set<Signal>().AsNoTracking().SingleAsync(s => s.Id == old.Id));
        var recentRow = await _app.WithDbAsync(db => db.Set<Signal>().AsNoTracking().SingleAsync(s => s.Id == recent.Id));
        // The "backup": the data keys as they are before anything is destroyed.
        var backup = await _app.WithDbAsync(db => db.Set<PersonDataKey>().AsNoTracking()
            .Where(k => k.Id == oldRow.DataKeyId || k.Id == recentRow.DataKeyId).OrderBy(k => k.CreatedAt).ToListAsync());
        Assert.Equal(2, backup.Count);
        _app.Time.Advance(TimeSpan.FromDays(60));
        await _app.RunRetentionAsync();
        using (var privacy = await _app.SignedInAsAsync(Roles.PrivacyOfficer))
        {
            var item = Assert.Single(await privacy.ProposalsAsync());
            Assert.Equal(old.Reference, item.Reference);
            var approved = await privacy.SubmitFormAsync("/privacy/retention",
                new Dictionary<string, string> { ["ProposalId"] = item.Id.ToString(), ["ProposalVersion"] = item.Version.ToString(), ["Confirm"] = "true" },
                "/privacy/retention?handler=Approve");
            await Expect.StatusAsync(approved, HttpStatusCode.Redirect);
        }

        // The next run rotates the key-encryption key: the old version is still in the key store, so the backup still reads.
        var first = await RetireAsync();
        Assert.True(first.Rotated >= 1 || await CurrentVersionAsync(oldRow.MunicipalityId) > backup[0].KekVersion);
        Assert.Equal("Verspreidt filmpjes van aanslagen.", await ReadFromBackupAsync(backup, oldRow.DataKeyId, oldRow.NarrativeCiphertext));

        // An hour later the superseded version is destroyed.
        _app.Time.Advance(KeyRetirement.Grace + TimeSpan.FromMinutes(1));
        await RetireAsync();
        var keys = _app.Services.GetRequiredService<IKeyStore>();
        Assert.False(keys.Exists(PersonDataProtector.KekName(oldRow.MunicipalityId, backup[0].KekVersion)));
        Assert.Throws<KeyDestroyedException>(() => keys.GetOrCreateKey(PersonDataProtector.KekName(oldRow.MunicipalityId, backup[0].KekVersion)));

        // Live data of the person who was not destroyed is as readable as before.
        using (var coordinator = await _app.SignedInAsAsync(Roles.ProcessCoordinator))
        {
            Assert.Equal("Gijs Mulder", (await coordinator.SignalAsync(recent.Id)).Subject.DisplayName);
        }

        // The backup restored next to the current key file: nothing in it can be read any more.
        await Assert.ThrowsAsync<PersonDataShreddedException>(() => ReadFromBackupAsync(backup, oldRow.DataKeyId, oldRow.NarrativeCiphertext));
        await Assert.ThrowsAsync<PersonDataShreddedException>(() => ReadFromBackupAsync(backup, recentRow.DataKeyId, recentRow.NarrativeCiphertext));
    }

    [Fact]
    public async Task Without_a_destruction_no_key_is_rotated_or_retired()
    {
        using (var police = await _app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            await police.RegisterAsync(await _app.SignalAboutAsync("Ilse", "Smit"));
        }
        var lindendal = await _app.MunicipalityIdAsync("Lindendal");
        var before = await CurrentVersionAsync(lindendal);
        _app.Time.Advance(TimeSpan.FromHours(3));
        var run = await RetireAsync();
        Assert.Equal(0, run.Rotated);
        Assert.Equal(0, run.Destroyed);
        Assert.Equal(before, await CurrentVersionAsync(lindendal));
        Assert.True(_app.Services.GetRequiredService<IKeyStore>().Exists(PersonDataProtector.KekName(lindendal, before)));
    }

    /// <summary>One run as the hourly job makes it (the job itself may be running at the same moment; both are safe).</summary>
    private async Task<KeyRetirementRun> RetireAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KeyRetirement>().RunAsync(CancellationToken.None);
    }

    private Task<int> CurrentVersionAsync(Guid municipalityId) =>
        _app.WithDbAsync(db => db.Set<KeyEncryptionKeyVersion>().Where(v => v.MunicipalityId == municipalityId).MaxAsync(v => v.Version));

    /// <summary>
    /// Reads a value as a restore of the backup would: the backed-up data key rows put back in the database, next to the
    /// current key file. The live rows are put back afterwards.
    /// </summary>
    private async Task<string> ReadFromBackupAsync(IReadOnlyList<PersonDataKey> backup, Guid keyId, string ciphertext)
    {
        var saved = await _app.WithDbAsync(db => db.Set<PersonDataKey>().AsNoTracking().Where(k => backup.Select(b => b.Id).Contains(k.Id)).ToListAsync());
        await RestoreAsync(backup);
        try
        {
            await using var scope = _app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PersonDataProtector>().DecryptAsync(keyId, SignalFields.Narrative, ciphertext);
        }
        finally
        {
            await RestoreAsync(saved);
        }
    }

    private async Task RestoreAsync(IReadOnlyList<PersonDataKey> rows)
    {
        await _app.WithDbAsync(async db =>
        {
            foreach (var row in rows)
            {
                var key = await db.Set<PersonDataKey>().SingleAsync(k => k.Id == row.Id);
                key.WrappedKey = row.WrappedKey;
                key.KekVersion = row.KekVersion;
                key.ShreddedAt = row.ShreddedAt;
            }
            return await db.SaveChangesAsync();
        });
    }
}

/// <summary>
/// The same, with the keys in a hardware security module (the PKCS#11 key store on SoftHSM): the key-encryption keys
/// are created, rotated and destroyed in the token, and no key file is ever written.
/// </summary>
public sealed class ShreddingReachesBackupsWithAnHsmTests() : ShreddingReachesBackupsTests(new AppFactory(TestDatabase.Create(), SoftHsm.Settings(SoftHsm.NewToken())))
{
    [Fact]
    public async Task The_keys_live_in_the_token_and_no_key_file_is_written()
    {
        RegisteredSignal signal;
        using (var police = await _app.SignedInAsAsync(Roles.PartnerProfessional))
        {
            signal = await police.RegisterAsync(await _app.SignalAboutAsync("Joost", "Bakker"));
        }
        var keys = _app.Services.GetRequiredService<IKeyStore>();
        Assert.IsType<Pkcs11KeyStore>(keys);
        var lindendal = await _app.MunicipalityIdAsync("Lindendal");
        Assert.True(keys.Exists(PersonDataProtector.KekName(lindendal, 1)));
        Assert.False(File.Exists(_app.Database.FileForKeys));
        using var coordinator = await _app.SignedInAsAsync(Roles.ProcessCoordinator);
        Assert.Equal("Joost Bakker", (await coordinator.SignalAsync(signal.Id)).Subject.DisplayName);
    }
}
