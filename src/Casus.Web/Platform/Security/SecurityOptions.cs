using System.ComponentModel.DataAnnotations;

namespace Casus.Web.Platform.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Cookies are __Host- prefixed and Secure (HTTPS only). Only a developer's machine serving plain
    /// http://localhost turns this off; Production refuses to start without it.
    /// </summary>
    public bool HttpsOnlyCookies { get; set; } = true;

    /// <summary>A session ends after this long without a request.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session ends this long after sign-in, however active it is.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "24:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sign-in attempts (password, code) per client address per minute.</summary>
    [Range(1, 100000)]
    public int SignInAttemptsPerMinute { get; set; } = 20;

    /// <summary>Failed attempts before an account is locked, and for how long.</summary>
    [Range(1, 100)]
    public int LockoutAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The passkey relying party: the domain passkeys are bound to, e.g. "casus.lindendal.nl". Empty means the host
    /// name of each request; set it in production so a passkey keeps working whatever host name a proxy passes on.
    /// </summary>
    [RegularExpression("^$|^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", ErrorMessage = "Security:PasskeyServerDomain is a host name such as casus.example.nl, without scheme or port.")]
    public string? PasskeyServerDomain { get; set; }
}
