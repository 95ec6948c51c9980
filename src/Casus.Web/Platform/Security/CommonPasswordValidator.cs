using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;

namespace Casus.Web.Platform.Security;

/// <summary>
/// Refuses passwords found on a list of commonly used and breached passwords (embedded, one per line, compared
/// case-insensitively), and passwords that are such a word with digits or symbols around it.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<CasusUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<CasusUser> manager, CasusUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var lower = password.ToLowerInvariant();
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        var email = user.Email?.Split('@')[0].ToLowerInvariant();
        if (email is { Length: >= 4 } && lower.Contains(email, StringComparison.Ordinal))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsEmail",
                Description = "The password contains the e-mail address's name.",
            }));
        }
        if (Common.Value.Contains(lower) || Common.Value.Contains(core))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is too common or too easy to guess.",
            }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password) => Common.Value.Contains(password.ToLowerInvariant());

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly
            .GetManifestResourceStream("Casus.Web.Platform.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
