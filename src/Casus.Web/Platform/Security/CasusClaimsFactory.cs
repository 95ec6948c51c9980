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
    TimeProvider time)
    : UserClaimsPrincipalFactory<CasusUser, CasusRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CasusUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var regionId = await db.Organisations.Where(o => o.Id == user.OrganisationId).Select(o => o.RegionId).FirstOrDefaultAsync();
        identity.AddClaim(new Claim(CasusClaims.OrganisationId, user.OrganisationId.ToString()));
        identity.AddClaim(new Claim(CasusClaims.RegionId, regionId.ToString()));
        identity.AddClaim(new Claim(CasusClaims.DisplayName, user.DisplayName));

        // A new session: a new id and start time. The security stamp validator keeps both when it refreshes the cookie.
        identity.AddClaim(new Claim(CasusClaims.SessionId, Guid.NewGuid().ToString("N")));
        identity.AddClaim(new Claim(CasusClaims.AuthenticatedAt, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
