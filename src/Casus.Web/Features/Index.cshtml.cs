using Casus.Web.Platform.Data;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features;

/// <summary>The start page: what this user's roles let them do, and where they sit in the region.</summary>
public sealed class IndexModel(CasusDbContext db, ICurrentUser me) : PageModel
{
    public string OrganisationName { get; private set; } = "";
    public string RegionName { get; private set; } = "";
    public IReadOnlyList<string> MyRoles { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Region)
            .FirstOrDefaultAsync(o => o.Id == me.OrganisationId);
        OrganisationName = organisation?.Name ?? "";
        RegionName = organisation?.Region?.Name ?? "";
        MyRoles = Roles.All.Where(me.IsInRole).ToList();
    }
}
