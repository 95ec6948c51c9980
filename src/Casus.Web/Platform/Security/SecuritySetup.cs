using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security.KeyStores;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Casus.Web.Platform.Security;

public static class SecuritySetup
{
    public const string SignInRateLimit = "sign-in";

    public static WebApplicationBuilder AddCasusSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        if (!security.HttpsOnlyCookies && builder.Environment.IsProduction())
        {
            throw new InvalidOperationException("Security:HttpsOnlyCookies=false is for a developer's machine only; Production serves Casus over HTTPS.");
        }
        var cookiePrefix = security.HttpsOnlyCookies ? "__Host-casus" : "casus";
        var secure = security.HttpsOnlyCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<PersonRecordAccess>();

        services.AddIdentity<CasusUser, CasusRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = security.LockoutAttempts;
                o.Lockout.DefaultLockoutTimeSpan = security.LockoutDuration;
                o.Tokens.AuthenticatorTokenProvider = ReplayProtectedTotpProvider.Name;
                // Version 3 stores passkeys (AspNetUserPasskeys); the design-time factories use the same version.
                o.Stores.SchemaVersion = IdentitySchema.Version;
            })
            .AddEntityFrameworkStores<CasusDbContext>()
            .AddClaimsPrincipalFactory<CasusClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddTokenProvider<ReplayProtectedTotpProvider>(ReplayProtectedTotpProvider.Name)
            .AddDefaultTokenProviders();

        // Passkeys (WebAuthn): user verification is required, so a passkey is a second factor by itself and signs in
        // without a TOTP code. The relying party is the configured domain, or else the host the browser asked for.
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ServerDomain = string.IsNullOrWhiteSpace(security.PasskeyServerDomain) ? null : security.PasskeyServerDomain.Trim();
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
            o.AuthenticatorTimeout = TimeSpan.FromMinutes(3);
            // Identity's default compares the credential's origin with the request's Origin header, but with
            // Referrer-Policy: no-referrer a browser sends "Origin: null" on a form post. So the credential's origin is
            // compared with this site itself: the host the browser asked for, over HTTPS (plain HTTP only where
            // HttpsOnlyCookies is off, on a developer's machine), never from inside another site's frame.
            o.ValidateOrigin = context => ValueTask.FromResult(IsOwnOrigin(context, security.HttpsOnlyCookies));
        });

        // Disabling an account or resetting its second factor changes the security stamp: checked on every request,
        // so the account's sessions end at once.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.Zero;
            // A refreshed cookie is the same session: keep its id and start time, so the absolute lifetime holds.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && context.CurrentPrincipal is { } current)
                {
                    foreach (var type in new[] { CasusClaims.SessionId, CasusClaims.AuthenticatedAt })
                    {
                        foreach (var claim in identity.FindAll(type).ToList())
                        {
                            identity.RemoveClaim(claim);
                        }
                        if (current.FindFirst(type) is { } kept)
                        {
                            identity.AddClaim(new System.Security.Claims.Claim(type, kept.Value));
                        }
                    }
                }
                return Task.CompletedTask;
            };
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = cookiePrefix;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = security.IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = cookiePrefix + "-2fa";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o =>
        {
            o.Cookie.Name = cookiePrefix + "-2fa-remember";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Path = "/";
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, o =>
        {
            o.Cookie.Name = cookiePrefix + "-external";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Path = "/";
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = cookiePrefix + "-af";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            o.FormFieldName = "__af";
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(ActiveProfessional())
            .AddPolicy(Policies.Professional, ActiveProfessional())
            .AddPolicy(Policies.SystemAdmin, p => p.RequireAuthenticatedUser().RequireRole(Roles.SystemAdmin));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, LoggedAuthorizationResultHandler>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = ctx.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        // Keys for cookies and antiforgery live in the database, so several web nodes share them.
        services.AddDataProtection().SetApplicationName("Casus").PersistKeysToDbContext<CasusDbContext>();

        services.AddCasusKeyStore(builder.Configuration, builder.Environment);
        services.AddSingleton(sp => new LogChain(sp.GetRequiredService<IKeyStore>().GetOrCreateKey("processing-log-chain")));
        services.AddSingleton(sp => new SubjectPseudonymizer(sp.GetRequiredService<IKeyStore>().GetOrCreateKey("subject-pseudonym")));
        return builder;
    }

    internal static bool IsOwnOrigin(PasskeyOriginValidationContext context, bool httpsOnly)
    {
        if (context.CrossOrigin || context.TopOrigin is not null || !Uri.TryCreate(context.Origin, UriKind.Absolute, out var origin))
        {
            return false;
        }
        var host = context.HttpContext.Request.Host;
        if (!host.HasValue)
        {
            return false;
        }
        return IsSameOrigin(origin, "https://" + host.Value) || (!httpsOnly && IsSameOrigin(origin, "http://" + host.Value));
    }

    private static bool IsSameOrigin(Uri origin, string expected) =>
        Uri.TryCreate(expected, UriKind.Absolute, out var site)
        && Uri.Compare(origin, site, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static AuthorizationPolicy ActiveProfessional() => new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Security stamp (disabled account, reset factor) on every request, then the absolute lifetime.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null)
        {
            return;
        }
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var authTime = context.Principal.FindFirstValue(CasusClaims.AuthenticatedAt);
        if (authTime is null || !long.TryParse(authTime, NumberStyles.Integer, CultureInfo.InvariantCulture, out var started)
            || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(started) > options.AbsoluteLifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.RequestServices.GetRequiredService<SignInManager<CasusUser>>().SignOutAsync();
        }
    }
}
