using System.Security.Claims;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Account;

/// <summary>Why an external sign-in was refused. The page turns these into messages; only the log tells them apart further.</summary>
public enum ExternalSignInRefusal
{
    /// <summary>No active Casus account this provider may sign in: unknown, not served, deactivated, e-mail not verified.</summary>
    NoAccount,
    /// <summary>The id token does not show a second factor.</summary>
    NoMultiFactor,
    /// <summary>The account's organisation requires passkeys.</summary>
    PasskeysRequired,
}

public sealed record ExternalSignInResult(CasusUser? User, ExternalSignInRefusal? Refusal)
{
    public static ExternalSignInResult Refused(ExternalSignInRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Finds the Casus account for a person the organisation's identity provider has signed in (see docs/adr/0006):
/// by a login linked earlier (provider + <c>sub</c>); otherwise, once, by the verified e-mail address and only for
/// an account of an organisation the provider serves, which is then linked. Nobody is ever created here.
/// </summary>
public sealed class ExternalSignIn(UserManager<CasusUser> users, CasusDbContext db, IProcessingLogger log)
{
    public async Task<ExternalSignInResult> FindAccountAsync(OpenIdConnectProvider provider, ClaimsPrincipal external)
    {
        var subject = external.FindFirstValue("sub");
        if (string.IsNullOrEmpty(subject))
        {
            return await RefuseAsync(provider, ExternalSignInRefusal.NoAccount, "no-subject");
        }
        if (provider.RequireMfaClaim && !provider.ShowsMultiFactor(external.Claims))
        {
            return await RefuseAsync(provider, ExternalSignInRefusal.NoMultiFactor, "no-mfa-claim");
        }

        var user = await users.FindByLoginAsync(provider.SchemeName, subject);
        var linking = false;
        if (user is null)
        {
            (user, var reason) = await FindByEmailAsync(provider, external);
            if (user is null)
            {
                return await RefuseAsync(provider, ExternalSignInRefusal.NoAccount, reason);
            }
            // An account already linked to another identity at this provider is not relinked by e-mail.
            if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == provider.SchemeName))
            {
                return await RefuseAsync(provider, ExternalSignInRefusal.NoAccount, "linked-to-another-subject");
            }
            linking = true;
        }

        var organisation = await db.Organisations.Where(o => o.Id == user.OrganisationId)
            .Select(o => new { o.Id, o.Name, o.IsActive, o.RequirePasskeys }).SingleAsync();
        if (!provider.Serves(organisation.Id, organisation.Name))
        {
            // Linked earlier, but the provider no longer serves the account's (possibly new) organisation.
            return await RefuseAsync(provider, ExternalSignInRefusal.NoAccount, "organisation-not-served");
        }
        if (!user.IsActive || !organisation.IsActive)
        {
            return await RefuseAsync(provider, ExternalSignInRefusal.NoAccount, user.IsActive ? "organisation-inactive" : "account-inactive");
        }
        if (organisation.RequirePasskeys)
        {
            return await RefuseAsync(provider, ExternalSignInRefusal.PasskeysRequired, "passkeys-required");
        }

        if (linking)
        {
            var added = await users.AddLoginAsync(user, new UserLoginInfo(provider.SchemeName, subject, provider.DisplayName));
            if (!added.Succeeded)
            {
                throw new InvalidOperationException("Linking the external login failed: " + string.Join("; ", added.Errors.Select(e => e.Code)));
            }
            await log.RecordAsync(ProcessingActivities.Authentication, "link-external-login", [DataSubject.User(user.Id)]);
        }
        return new ExternalSignInResult(user, null);
    }

    /// <summary>Only a verified address, and only an account of an organisation this provider serves.</summary>
    private async Task<(CasusUser? User, string Reason)> FindByEmailAsync(OpenIdConnectProvider provider, ClaimsPrincipal external)
    {
        var email = external.FindFirstValue("email");
        if (string.IsNullOrWhiteSpace(email))
        {
            return (null, "no-email-claim");
        }
        if (string.Equals(external.FindFirstValue("email_verified"), "false", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "email-not-verified");
        }
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return (null, "no-matching-account");
        }
        var organisation = await db.Organisations.Where(o => o.Id == user.OrganisationId).Select(o => new { o.Id, o.Name }).SingleAsync();
        return provider.Serves(organisation.Id, organisation.Name) ? (user, "") : (null, "organisation-not-served");
    }

    private async Task<ExternalSignInResult> RefuseAsync(OpenIdConnectProvider provider, ExternalSignInRefusal refusal, string reason)
    {
        await log.RecordDeniedAsync(OpenIdConnectSetup.DeniedAction, $"{provider.Key}: {reason}");
        return ExternalSignInResult.Refused(refusal);
    }
}
