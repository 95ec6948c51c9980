using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Cases;

/// <summary>
/// Adds a member to a case in two steps that work without JavaScript: choose the person (the page reloads with
/// "?user=…", a staff id, no personal data of the case's person), then purpose, legal basis — prefilled with the
/// legal framework their organisation shares under — and the period.
/// </summary>
[Authorize(Policy = CasePolicies.Runner)]
public sealed class AddMemberModel(CaseActions actions, CaseQueries queries, Platform.Data.CasusDbContext db, TimeProvider time, NationalProfile profile) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty(SupportsGet = true, Name = "user")] public Guid? UserId { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }
    [BindProperty] public DateOnly? From { get; set; }
    [BindProperty] public DateOnly? Until { get; set; }
    public Case Case { get; private set; } = null!;
    public IReadOnlyList<Choice> Candidates { get; private set; } = [];
    /// <summary>The chosen person's organisation and role, once chosen.</summary>
    public string? ChosenOrganisation { get; private set; }
    public string? ChosenRole { get; private set; }
    public int OccasionalMaxDays => profile.OccasionalMembershipMaxDays;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        From = CaseDates.Today(time);
        if (UserId is { } chosen && await db.Users.Where(u => u.Id == chosen).Select(u => u.Organisation!.LegalFramework).FirstOrDefaultAsync(ct) is { } framework)
        {
            LegalBasis = framework;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await actions.AddMemberAsync(Id, Version, new MemberInput(UserId, Purpose, LegalBasis, From, Until), ct);
        if (result.Ok)
        {
            TempData["Message"] = "Case.MemberAdded";
            return Redirect($"/cases/{Id}");
        }
        if (result.Error!.Code == Platform.Errors.AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var found = await actions.RunAsync(Id, ct);
        if (found is null)
        {
            return false;
        }
        Case = found;
        var users = await actions.MemberCandidates(found).OrderBy(u => u.Organisation!.Name).ThenBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation!.Name }).ToListAsync(ct);
        var roles = await queries.RolesOfAsync(users.Select(u => u.Id).ToList(), ct);
        Candidates = users.Where(u => roles.ContainsKey(u.Id))
            .Select(u => new Choice(u.Id.ToString(), $"{u.DisplayName} — {Role(roles[u.Id])}", u.Organisation)).ToList();
        if (UserId is { } chosen && users.FirstOrDefault(u => u.Id == chosen) is { } user)
        {
            ChosenOrganisation = user.Organisation;
            ChosenRole = roles.GetValueOrDefault(user.Id);
        }
        return true;
    }

    private string Role(string role) => HttpContext.RequestServices
        .GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Platform.Localization.SharedResource>>()["Role." + role].Value;

    public bool ChosenIsOccasional => ChosenRole == Roles.OccasionalPartner;
}
