using Casus.Web.Platform.Data;
using Casus.Web.Platform.Localization;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Account;

/// <summary>The outcome of a password step, deliberately coarse: a wrong e-mail, wrong password, disabled or locked account all look the same.</summary>
public enum PasswordStep { Failed, NeedsSecondFactor, NeedsPasskey }

/// <summary>
/// The sign-in rules in one place: password with lockout, same answer and same work for unknown accounts,
/// a mandatory second factor, and what happens once a session starts (log, language).
/// </summary>
public sealed class SignInService(
    SignInManager<CasusUser> signIn,
    UserManager<CasusUser> users,
    IPasswordHasher<CasusUser> hasher,
    IProcessingLogger log,
    TimeProvider time)
{
    /// <summary>A hash to verify against when the account does not exist, so that costs the same time.</summary>
    private static readonly Lazy<(CasusUser User, string Hash)> Dummy = new(() =>
    {
        var user = new CasusUser { DisplayName = "-" };
        return (user, new PasswordHasher<CasusUser>().HashPassword(user, Guid.NewGuid().ToString()));
    });

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
        var organisation = await users.Users.Where(u => u.Id == user.Id).Select(u => u.Organisation!.RequirePasskeys).FirstAsync();
        return organisation ? PasswordStep.NeedsPasskey : PasswordStep.NeedsSecondFactor;
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
}
