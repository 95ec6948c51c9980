using System.Security.Claims;

namespace Casus.Web.Platform.Security;

/// <summary>Who is acting in this request, read from the sign-in cookie's claims.</summary>
public interface ICurrentUser
{
    Guid? UserId { get; }
    Guid? OrganisationId { get; }
    Guid? RegionId { get; }
    bool IsInRole(string role);
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? UserId => Read(ClaimTypes.NameIdentifier);
    public Guid? OrganisationId => Read(CasusClaims.OrganisationId);
    public Guid? RegionId => Read(CasusClaims.RegionId);
    public bool IsInRole(string role) => Principal?.IsInRole(role) ?? false;

    private Guid? Read(string type) =>
        Principal?.Identity?.IsAuthenticated == true && Guid.TryParse(Principal.FindFirstValue(type), out var id) ? id : null;
}
