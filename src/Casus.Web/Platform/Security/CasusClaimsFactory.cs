using System.Globalization;
using System.Security.Claims;
using Casus.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Casus.Web.Platform.Security;

/// <summary>
/// Adds organisation, region, display name, a fresh session id and the sign-in time to the cookie. The session
/// id and sign-in time are set only when a session starts; a refresh of the cookie carries them over.
/// </summary>
public sealed class CasusClaimsFactory(
    UserManager<CasusUser> userManager,
    RoleManager<CasusRole> roleManager,
    IOptions<IdentityOptions> options,
    CasusDbContext db,
    TimeProvider time,
    IHttpContextAccessor http)
    : UserClaimsPrincipalFactory<CasusUser, CasusRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CasusUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var regionId = await db.Organisations.Where(o => o.Id == user.OrganisationId).Select(o => o.RegionId).FirstOrDefaultAsync();
        identity.AddClaim(new Claim(CasusClaims.OrganisationId, user.OrganisationId.ToString()));
        identity.AddClaim(new Claim(CasusClaims.RegionId, regionId.ToString()));
        identity.AddClaim(new Claim(CasusClaims.DisplayName, user.DisplayName));

        // When the security stamp validator refreshes an existing session, keep that session's id and start.
        var existing = http.HttpContext?.User;
        var sessionId = existing?.FindFirstValue(CasusClaims.SessionId);
        var authTime = existing?.FindFirstValue(CasusClaims.AuthenticatedAt);
        var refreshing = existing?.Identity?.IsAuthenticated == true && existing.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id.ToString();
        identity.AddClaim(new Claim(CasusClaims.SessionId, refreshing && sessionId is not null ? sessionId : Guid.NewGuid().ToString("N")));
        identity.AddClaim(new Claim(CasusClaims.AuthenticatedAt, refreshing && authTime is not null
            ? authTime
            : time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
