using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Admin;

public sealed record UserDto(Guid Id, string Email, string DisplayName, Guid OrganisationId, string OrganisationName,
    IReadOnlyList<string> Roles, bool IsActive, bool SecondFactorEnrolled, DateTimeOffset? LastSignInAt, Guid Version);

public sealed record InviteUserInput(string? Email, string? DisplayName, Guid? OrganisationId, IReadOnlyList<string>? Roles);
public sealed record UpdateUserInput(string? DisplayName, Guid? OrganisationId, IReadOnlyList<string>? Roles);

/// <summary>The result of an invitation: the account, and the one-time link the new user sets a password with.</summary>
public sealed record Invitation(UserDto User, string ActivationPath);

/// <summary>
/// The result of resetting a second factor. A member of a passkeys-only organisation has lost their passkeys too and
/// cannot sign in until they create a new one: <see cref="ActivationPath"/> is their new one-time link. Null for others,
/// who enrol a new authenticator app at their next password sign-in.
/// </summary>
public sealed record SecondFactorReset(UserDto User, string? ActivationPath);

/// <summary>
/// Accounts of professionals: invite, edit organisation and roles, deactivate (ends every session at once),
/// reactivate, reset the second factor. Staff are data subjects too: every read and change is in the processing log.
/// </summary>
public sealed class UserAdmin(CasusDbContext db, UserManager<CasusUser> users, IProcessingLogger log, TimeProvider time)
{
    public const string ActivationPurpose = "casus-activation";

    public async Task<PageOf<UserDto>> ListAsync(ListQuery query, Guid? organisationId, bool? active, CancellationToken ct = default)
    {
        var rows = db.Users.AsNoTracking();
        if (organisationId is { } org)
        {
            rows = rows.Where(u => u.OrganisationId == org);
        }
        if (active is { } a)
        {
            rows = rows.Where(u => u.IsActive == a);
        }
        if (query.Term is { } term)
        {
            var lower = term.ToLower();
            rows = rows.Where(u => u.DisplayName.ToLower().Contains(lower) || u.NormalizedEmail!.Contains(term.ToUpper()));
        }
        var total = await rows.CountAsync(ct);
        rows = query.Sort switch
        {
            "-name" => rows.OrderByDescending(u => u.DisplayName),
            "email" => rows.OrderBy(u => u.NormalizedEmail),
            "organisation" => rows.OrderBy(u => u.Organisation!.Name).ThenBy(u => u.DisplayName),
            _ => rows.OrderBy(u => u.DisplayName),
        };
        var items = await ProjectAsync(rows.Skip(query.Skip).Take(query.SafePageSize), ct);
        await log.RecordReadAsync(ProcessingActivities.UserAdministration, "list", items.Select(u => DataSubject.User(u.Id)).ToList(), ct);
        return new PageOf<UserDto>(items, query.SafePage, query.SafePageSize, total);
    }

    public async Task<Result<UserDto>> GetAsync(Guid id, CancellationToken ct = default)
    {
        var found = (await ProjectAsync(db.Users.AsNoTracking().Where(u => u.Id == id), ct)).FirstOrDefault();
        if (found is null)
        {
            return AppError.NotFound();
        }
        await log.RecordReadAsync(ProcessingActivities.UserAdministration, "read", [DataSubject.User(id)], ct);
        return found;
    }

    public async Task<Result<Invitation>> InviteAsync(InviteUserInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors().Email("Email", input.Email, required: true).Required("DisplayName", input.DisplayName, 200);
        await ValidateOrganisationAndRolesAsync(errors, input.OrganisationId, input.Roles, ct);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var email = input.Email!.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return AppError.Duplicate("Email");
        }
        var user = new CasusUser
        {
            UserName = email, Email = email, EmailConfirmed = false, DisplayName = input.DisplayName!.Trim(),
            OrganisationId = input.OrganisationId!.Value, TwoFactorEnabled = true, CreatedAt = time.GetUtcNow(),
        };
        // Logged before it happens: the log is durable first, so there is never a change without its record.
        await log.RecordAsync(ProcessingActivities.UserAdministration, "create", [DataSubject.User(user.Id)], ct);
        Check(await users.CreateAsync(user));
        Check(await users.AddToRolesAsync(user, input.Roles!.Distinct()));
        var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, ActivationPurpose);
        var dto = (await ProjectAsync(db.Users.AsNoTracking().Where(u => u.Id == user.Id), ct)).Single();
        return new Invitation(dto, ActivationPathFor(user, token));
    }

    public async Task<Result<UserDto>> UpdateAsync(Guid id, Guid expectedVersion, UpdateUserInput input, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return AppError.NotFound();
        }
        var errors = new FieldErrors().Required("DisplayName", input.DisplayName, 200);
        await ValidateOrganisationAndRolesAsync(errors, input.OrganisationId, input.Roles, ct);
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (user.Version != expectedVersion)
        {
            return AppError.Conflict();
        }
        await log.RecordAsync(ProcessingActivities.UserAdministration, "update", [DataSubject.User(id)], ct);
        user.DisplayName = input.DisplayName!.Trim();
        var organisationChanged = user.OrganisationId != input.OrganisationId!.Value;
        user.OrganisationId = input.OrganisationId.Value;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return AppError.Conflict();
        }
        var current = await users.GetRolesAsync(user);
        var wanted = input.Roles!.Distinct().ToList();
        Check(await users.RemoveFromRolesAsync(user, current.Except(wanted)));
        Check(await users.AddToRolesAsync(user, wanted.Except(current)));
        if (organisationChanged || !current.ToHashSet().SetEquals(wanted))
        {
            // New organisation or roles take effect at once: existing sessions carry the old ones, so they end.
            Check(await users.UpdateSecurityStampAsync(user));
        }
        return await GetAsync(id, ct);
    }

    /// <summary>Deactivating ends the account's sessions at once (security stamp) and blocks signing in.</summary>
    public Task<Result<UserDto>> DeactivateAsync(Guid id, Guid? self, CancellationToken ct = default) =>
        ChangeAsync(id, "deactivate", async user =>
        {
            if (user.Id == self)
            {
                return new AppError("cannot_deactivate_self", StatusCodes.Status409Conflict, "Error.CannotDeactivateSelf");
            }
            user.IsActive = false;
            Check(await users.UpdateAsync(user));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            Check(await users.UpdateSecurityStampAsync(user));
            return null;
        }, ct);

    public Task<Result<UserDto>> ReactivateAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync(id, "reactivate", async user =>
        {
            user.IsActive = true;
            Check(await users.UpdateAsync(user));
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return null;
        }, ct);

    /// <summary>
    /// The user enrols a new authenticator at the next sign-in; old codes, recovery codes, passkeys and sessions stop
    /// working. A member of a passkeys-only organisation gets a new activation link to create a passkey with.
    /// </summary>
    public async Task<Result<SecondFactorReset>> ResetSecondFactorAsync(Guid id, CancellationToken ct = default)
    {
        string? activationPath = null;
        var result = await ChangeAsync(id, "reset-second-factor", async user =>
        {
            user.SecondFactorEnrolledAt = null;
            user.LastTotpTimeStep = 0;
            Check(await users.UpdateAsync(user));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 1);
            // A passkey is a second factor by itself: a lost phone or laptop may hold one.
            foreach (var passkey in await users.GetPasskeysAsync(user))
            {
                Check(await users.RemovePasskeyAsync(user, passkey.CredentialId));
            }
            Check(await users.UpdateSecurityStampAsync(user));
            if (await db.Organisations.AnyAsync(o => o.Id == user.OrganisationId && o.RequirePasskeys, ct))
            {
                // Made after the new security stamp, which the token is bound to: it works once, until the passkey is created.
                activationPath = ActivationPathFor(user, await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, ActivationPurpose));
            }
            return null;
        }, ct);
        return result.Ok ? new SecondFactorReset(result.Value!, activationPath) : result.Error!;
    }

    private static string ActivationPathFor(CasusUser user, string token) =>
        $"/account/activate?user={user.Id:N}&token={Uri.EscapeDataString(token)}";

    private async Task<Result<UserDto>> ChangeAsync(Guid id, string action, Func<CasusUser, Task<AppError?>> change, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return AppError.NotFound();
        }
        await log.RecordAsync(ProcessingActivities.UserAdministration, action, [DataSubject.User(id)], ct);
        if (await change(user) is { } error)
        {
            return error;
        }
        return await GetAsync(id, ct);
    }

    private async Task ValidateOrganisationAndRolesAsync(FieldErrors errors, Guid? organisationId, IReadOnlyList<string>? roles, CancellationToken ct)
    {
        if (organisationId is null || !await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
        {
            errors.Add("OrganisationId", "Validation.OrganisationId.Required");
        }
        if (roles is null || roles.Count == 0)
        {
            errors.Add("Roles", "Validation.Roles.Required");
        }
        else if (roles.Any(r => !Roles.All.Contains(r)))
        {
            errors.Add("Roles", "Validation.Roles.Invalid");
        }
    }

    private async Task<List<UserDto>> ProjectAsync(IQueryable<CasusUser> rows, CancellationToken ct)
    {
        var list = await rows.Select(u => new
        {
            u.Id, u.Email, u.DisplayName, u.OrganisationId, OrganisationName = u.Organisation!.Name, u.IsActive,
            Enrolled = u.SecondFactorEnrolledAt != null, u.LastSignInAt, u.Version,
        }).ToListAsync(ct);
        var ids = list.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        return list.Select(u => new UserDto(u.Id, u.Email ?? "", u.DisplayName, u.OrganisationId, u.OrganisationName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).OrderBy(n => n).ToList(), u.IsActive, u.Enrolled, u.LastSignInAt, u.Version)).ToList();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
