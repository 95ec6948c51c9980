using System.Buffers.Text;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Account;

/// <summary>
/// One passkey as its owner sees it. <see cref="Id"/> is the credential id, base64url, for forms and links;
/// <see cref="LastUsedAt"/> is null until it is first used to sign in.
/// </summary>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// A user's own passkeys: list, add (after the browser created one), rename, remove. Every addition and removal is
/// in the processing log. The last passkey of a member of a passkeys-only organisation cannot be removed: without
/// it they could not sign in.
/// </summary>
public sealed partial class PasskeyService(SignInManager<CasusUser> signIn, UserManager<CasusUser> users, CasusDbContext db, SignInService rules,
    IProcessingLogger log, ILogger<PasskeyService> logger)
{
    public const int MaxNameLength = 100;

    public static readonly AppError Failed = new("passkey_failed", StatusCodes.Status400BadRequest, "Passkey.AddFailed");
    public static readonly AppError LastOneRequired = new("last_passkey_required", StatusCodes.Status409Conflict, "Passkey.LastOneRequired");
    public static readonly AppError NameRequired = new("validation_failed", StatusCodes.Status400BadRequest, "Passkey.NameRequired");

    public async Task<IReadOnlyList<PasskeyView>> ListAsync(CasusUser user)
    {
        var uses = (await db.PasskeyUses.AsNoTracking().Where(u => u.UserId == user.Id).ToListAsync())
            .ToDictionary(u => Base64Url.EncodeToString(u.CredentialId), u => u.LastUsedAt);
        return (await users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p =>
            {
                var id = Base64Url.EncodeToString(p.CredentialId);
                return new PasskeyView(id, p.Name ?? "", p.CreatedAt, uses.TryGetValue(id, out var used) ? used : null);
            })
            .ToList();
    }

    /// <summary>The options for navigator.credentials.create(); the user's own passkeys are excluded, the challenge is kept in a cookie.</summary>
    public Task<string> CreationOptionsAsync(CasusUser user) =>
        signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id.ToString(),
            Name = user.Email ?? user.Id.ToString(),
            DisplayName = user.DisplayName,
        });

    /// <summary>Verifies the browser's new credential and stores it on this user under the given name.</summary>
    public async Task<AppError?> AddAsync(CasusUser user, string? name, string? credentialJson)
    {
        var cleanName = CleanName(name);
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > SignInService.MaxCredentialJsonLength)
        {
            return Failed;
        }
        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No registration underway: the challenge cookie is missing, expired or for another operation.
            return Failed;
        }
        // The options were made for this user; a credential made for someone else's options is refused.
        if (!attestation.Succeeded || attestation.UserEntity?.Id != user.Id.ToString())
        {
            LogRefused(logger, attestation.Failure?.Message ?? "made for another user");
            return Failed;
        }
        var passkey = attestation.Passkey;
        passkey.Name = cleanName ?? DefaultName(passkey.CreatedAt);
        // Logged before it happens: the log is durable first, so there is never a change without its record.
        await log.RecordAsync(ProcessingActivities.Authentication, "passkey-add", [DataSubject.User(user.Id)]);
        return (await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded ? null : Failed;
    }

    public async Task<AppError?> RenameAsync(CasusUser user, string? id, string? name)
    {
        var cleanName = CleanName(name);
        if (cleanName is null)
        {
            return NameRequired;
        }
        if (await FindAsync(user, id) is not { } passkey)
        {
            return AppError.NotFound();
        }
        passkey.Name = cleanName;
        return (await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded ? null : AppError.Conflict();
    }

    /// <summary>The name of one of the user's passkeys, or null when it is not theirs.</summary>
    public async Task<string?> NameAsync(CasusUser user, string? id) => (await FindAsync(user, id))?.Name;

    public async Task<AppError?> RemoveAsync(CasusUser user, string? id)
    {
        if (await FindAsync(user, id) is not { } passkey)
        {
            return AppError.NotFound();
        }
        if (await rules.RequiresPasskeysAsync(user) && (await users.GetPasskeysAsync(user)).Count <= 1)
        {
            return LastOneRequired;
        }
        await log.RecordAsync(ProcessingActivities.Authentication, "passkey-remove", [DataSubject.User(user.Id)]);
        return (await users.RemovePasskeyAsync(user, passkey.CredentialId)).Succeeded ? null : AppError.NotFound();
    }

    /// <summary>The user's own passkey with this id; another user's id, or an unreadable one, finds nothing.</summary>
    private async Task<UserPasskeyInfo?> FindAsync(CasusUser user, string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 2048)
        {
            return null;
        }
        byte[] credentialId;
        try
        {
            credentialId = Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }
        return await users.GetPasskeyAsync(user, credentialId);
    }

    private static string? CleanName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        return trimmed.Length > MaxNameLength ? trimmed[..MaxNameLength] : trimmed;
    }

    private static string DefaultName(DateTimeOffset createdAt) =>
        "Passkey " + createdAt.ToLocalTime().ToString("d", System.Globalization.CultureInfo.CurrentCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "A new passkey was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
