using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Casus.Web.Platform.Security.KeyStores;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Casus.Web.Features.PartnerSystems;

/// <summary>
/// OAuth2 client credentials (RFC 6749 §4.4) for partner systems: POST /oauth/token with the client id and secret
/// (HTTP Basic or form) returns a bearer token of 15 minutes, signed with a key from the key store. Every use of a
/// token checks that the client is still active, so deactivation works at once.
/// </summary>
public static class PartnerSystemAuthentication
{
    public const string Scheme = "PartnerSystem";
    public const string Issuer = "casus";
    public const string Audience = "casus-api";
    public const string ClientClaim = "casus:client";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddPartnerSystems(this IServiceCollection services)
    {
        services.AddScoped<PartnerSystemAdmin>();
        services.AddSingleton<PartnerTokenKey>();
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<PartnerTokenKey, TimeProvider>((o, key, time) =>
        {
            o.MapInboundClaims = false;
            o.TimeProvider = time;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer, ValidAudience = Audience, IssuerSigningKey = key.SecurityKey,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256], ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = ClientClaim, RoleClaimType = "no-roles-for-systems",
                RequireExpirationTime = true,
                // Lifetime against Casus's own clock (TimeProvider), the one that issued the token.
                LifetimeValidator = (notBefore, expires, _, parameters) =>
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew)
                        && expires is not null && now < expires.Value + parameters.ClockSkew;
                },
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var clientId = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
                    var db = context.HttpContext.RequestServices.GetRequiredService<CasusDbContext>();
                    if (clientId is null || !await db.Set<PartnerSystemClient>().AnyAsync(c => c.ClientId == clientId && c.IsActive))
                    {
                        context.Fail("The partner system is not active.");
                    }
                },
            };
        });
        return services;
    }

    public static WebApplication MapPartnerSystemTokens(this WebApplication app)
    {
        app.MapPost("/oauth/token", IssueTokenAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithTags("Partner systems")
            .WithName("IssueToken").WithSummary("OAuth2 client credentials: a bearer token for a partner system (form: grant_type=client_credentials)");
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, CasusDbContext db, PartnerTokenKey key, TimeProvider time, IProcessingLogger log)
    {
        if (!context.Request.HasFormContentType)
        {
            return Error("invalid_request", "Send the request as application/x-www-form-urlencoded.", StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials")
        {
            return Error("unsupported_grant_type", "Only grant_type=client_credentials is supported.", StatusCodes.Status400BadRequest);
        }
        var (clientId, secret) = Credentials(context.Request, form);
        var client = clientId is null ? null : await db.Set<PartnerSystemClient>().SingleOrDefaultAsync(c => c.ClientId == clientId);
        var valid = client is not null && client.IsActive && secret is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PartnerSystemAdmin.HashSecret(secret)), Encoding.ASCII.GetBytes(client.SecretHash));
        var organisation = valid ? await db.Organisations.Where(o => o.Id == client!.OrganisationId && o.IsActive).Select(o => new { o.Id, o.RegionId }).SingleOrDefaultAsync() : null;
        if (!valid || organisation is null)
        {
            await log.RecordDeniedAsync("oauth.token", "invalid-client");
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"casus\"";
            return Error("invalid_client", "The client id or secret is wrong, or the client is not active.", StatusCodes.Status401Unauthorized);
        }
        var requested = ((string?)form["scope"] ?? client!.Scopes).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var allowed = client!.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.Length == 0 || requested.Any(s => !allowed.Contains(s)))
        {
            return Error("invalid_scope", "Ask only for scopes this client has: " + client.Scopes, StatusCodes.Status400BadRequest);
        }
        var now = time.GetUtcNow();
        client.LastUsedAt = now;
        await db.SaveChangesAsync();
        var token = new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(Issuer, Audience,
            [
                new Claim(JwtRegisteredClaimNames.Sub, client.ClientId),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(ClientClaim, client.Name),
                new Claim(CasusClaims.OrganisationId, organisation.Id.ToString()),
                new Claim(CasusClaims.RegionId, organisation.RegionId.ToString()),
                new Claim("scope", string.Join(' ', requested)),
            ],
            notBefore: now.UtcDateTime, expires: now.Add(TokenLifetime).UtcDateTime,
            signingCredentials: new SigningCredentials(key.SecurityKey, SecurityAlgorithms.HmacSha256)));
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = (int)TokenLifetime.TotalSeconds, scope = string.Join(' ', requested) },
            statusCode: StatusCodes.Status200OK);
    }

    private static (string? ClientId, string? Secret) Credentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        return (form["client_id"], form["client_secret"]);
    }

    private static IResult Error(string code, string description, int status) =>
        Results.Json(new { error = code, error_description = description }, statusCode: status);

    /// <summary>True for a request made by a partner system (bearer token) rather than a person.</summary>
    public static bool IsPartnerSystem(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == ClientClaim);
}

/// <summary>The signing key of partner tokens, from the key store (outside the database), shared by every web node.</summary>
public sealed class PartnerTokenKey(IKeyStore keys)
{
    public SymmetricSecurityKey SecurityKey { get; } = new(keys.GetOrCreateKey("partner-token-signing")) { KeyId = "partner-token-signing" };
}

/// <summary>Registering partner systems through the administration API.</summary>
public static class PartnerSystemAdminEndpoints
{
    public static WebApplication MapPartnerSystemAdminApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/admin/partner-systems").RequireAuthorization(Policies.SystemAdmin).WithTags("Administration");
        group.MapGet("", (PartnerSystemAdmin h, [Microsoft.AspNetCore.Http.AsParameters] ListQuery q, CancellationToken ct) => h.ListAsync(q, ct))
            .WithName("ListPartnerSystems").WithSummary("Partner systems that may submit signals with OAuth2 client credentials");
        group.MapPost("", async (PartnerSystemInput input, PartnerSystemAdmin h, HttpContext c, CancellationToken ct) =>
                Platform.Errors.ApiResults.Created(await h.CreateAsync(input, ct), c, r => "/api/v1/admin/partner-systems", r => r.Client.Version))
            .WithName("RegisterPartnerSystem").WithSummary("Register a partner system; the response holds its client secret, shown this once");
        group.MapPost("/{id:guid}/deactivate", async (Guid id, PartnerSystemAdmin h, HttpContext c, CancellationToken ct) =>
                Platform.Errors.ApiResults.Ok(await h.SetActiveAsync(id, false, ct), c, r => r.Version))
            .WithName("DeactivatePartnerSystem").WithSummary("Deactivate a partner system; its tokens stop working at once");
        group.MapPost("/{id:guid}/reactivate", async (Guid id, PartnerSystemAdmin h, HttpContext c, CancellationToken ct) =>
                Platform.Errors.ApiResults.Ok(await h.SetActiveAsync(id, true, ct), c, r => r.Version))
            .WithName("ReactivatePartnerSystem").WithSummary("Reactivate a partner system");
        return app;
    }
}
