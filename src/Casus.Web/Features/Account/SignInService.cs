using System.Security.Claims;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Localization;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Account;

/// <summary>The outcome of a password step, deliberately coarse: a wrong e-mail, wrong password, disabled or locked account all look the same.</summary>
public enum PasswordStep { Failed, NeedsSecondFactor, NeedsPasskey }

/// <summary>
/// The sign-in rules in one place: password with lockout, same answer and same work for unknown accounts,
/// a mandatory second factor or a passkey (which is one by itself), and what happens once a session starts (log, language).
/// </summary>
public sealed partial class SignInService(
    SignInManager<CasusUser> signIn,
    UserManager<CasusUser> users,
    CasusDbContext db,
    IPasswordHasher<CasusUser> hasher,
    IProcessingLogger log,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    /// <summary>A hash to verify against when the account does not exist, so that costs the same time.</summary>
    private static readonly Lazy<(CasusUser User, string Hash)> Dummy = new(() =>
    {
        var user = new CasusUser { DisplayName = "-" };
        return (user, new PasswordHasher<CasusUser>().HashPassword(user, Guid.NewGuid().ToString()));
    });

    /// <summary>Longest credential JSON accepted from a browser; real ones are a few kilobytes.</summary>
    public const int MaxCredentialJsonLength = 64 * 1024;

    public async Task<PasswordStep> CheckPasswordAsync(string email, string password)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null || !user.IsActive)
        {
            hasher.VerifyHashedPassword(Dummy.Value.User, Dummy.Value.Hash, password ?? "");
            return PasswordStep.Failed;
        }
        // Every account has a second factor, so a correct password never signs in by itself.
        var result = await signIn.PasswordSignInAsync(user, password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (!result.RequiresTwoFactor)
        {
            if (result.Succeeded)
            {
                // Defence in depth: should an account ever lack the flag, do not let a password alone through.
                await signIn.SignOutAsync();
            }
            return PasswordStep.Failed;
        }
        var organisation = await OrganisationRulesAsync(user.Id);
        if (!organisation.Active || organisation.RequirePasskeys)
        {
            // The password step left a cookie that leads to the code step: a passkeys-only member (or one whose
            // organisation is inactive) must not get there, so it goes.
            await signIn.Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        }
        if (!organisation.Active)
        {
            return PasswordStep.Failed;
        }
        return organisation.RequirePasskeys ? PasswordStep.NeedsPasskey : PasswordStep.NeedsSecondFactor;
    }

    /// <summary>True when the user's organisation accepts only passkeys (no password with TOTP code).</summary>
    public async Task<bool> RequiresPasskeysAsync(CasusUser user) => (await OrganisationRulesAsync(user.Id)).RequirePasskeys;

    /// <summary>
    /// Starts a passkey sign-in: the options for navigator.credentials.get(), for any passkey of this site (the
    /// account is not known yet). The challenge is kept in a short-lived cookie until the browser answers.
    /// </summary>
    public Task<string> PasskeyRequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(null);

    /// <summary>
    /// Completes a passkey sign-in with the browser's credential JSON. The passkey was created with user verification
    /// required, so it is a second factor by itself: the session starts at once. Returns null for every failure alike —
    /// unreadable JSON, no ceremony underway, an unknown passkey, a bad signature, an inactive account or organisation.
    /// Lockout is not checked: it stops password guessing, and a passkey cannot be guessed.
    /// </summary>
    public async Task<CasusUser?> SignInWithPasskeyAsync(string? credentialJson, HttpResponse response)
    {
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > MaxCredentialJsonLength)
        {
            await signIn.Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            return null;
        }
        PasskeyAssertionResult<CasusUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No passkey ceremony underway: the challenge cookie is missing, expired or for another operation.
            return null;
        }
        if (!assertion.Succeeded)
        {
            LogPasskeyRefused(logger, assertion.Failure.Message);
            return null;
        }
        if (assertion.User is not { IsActive: true } user || !(await OrganisationRulesAsync(user.Id)).Active)
        {
            return null;
        }
        // The new signature counter is stored, so a cloned authenticator shows up as a counter that goes back.
        if (!(await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded)
        {
            return null;
        }
        await RecordPasskeyUseAsync(user, assertion.Passkey.CredentialId);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "hwk"), new Claim("amr", "mfa")]);
        await OnSignedInAsync(user, response);
        return user;
    }

    /// <summary>Keeps when each passkey was last used, for its owner's list.</summary>
    private async Task RecordPasskeyUseAsync(CasusUser user, byte[] credentialId)
    {
        var use = await db.PasskeyUses.FindAsync(credentialId);
        if (use is null)
        {
            db.PasskeyUses.Add(new PasskeyUse { CredentialId = credentialId, UserId = user.Id, LastUsedAt = time.GetUtcNow() });
        }
        else
        {
            use.LastUsedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync();
    }

    private async Task<(bool Active, bool RequirePasskeys)> OrganisationRulesAsync(Guid userId)
    {
        var rules = await users.Users.Where(u => u.Id == userId)
            .Select(u => new { u.Organisation!.IsActive, u.Organisation.RequirePasskeys }).FirstAsync();
        return (rules.IsActive, rules.RequirePasskeys);
    }

    /// <summary>Completes a session after a valid second factor: records it and restores the user's language.</summary>
    public async Task OnSignedInAsync(CasusUser user, HttpResponse response)
    {
        user.LastSignInAt = time.GetUtcNow();
        await users.UpdateAsync(user);
        await log.RecordAsync(ProcessingActivities.Authentication, "sign-in", [DataSubject.User(user.Id)]);
        if (user.PreferredCulture is { } culture && LocalizationSetup.Cultures.Contains(culture))
        {
            LocalizationSetup.WriteCultureCookie(response, culture);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A passkey sign-in was refused: {Reason}")]
    private static partial void LogPasskeyRefused(ILogger logger, string reason);
}
