using System.Globalization;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Casus.Web.Features.Admin;

/// <summary>
/// The accounts of professionals: a list by organisation and status, searchable by name or e-mail, sortable and
/// paged, and a form to invite someone. The activation link is shown once, right after inviting.
/// </summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class UsersModel(UserAdmin users, OrganisationAdmin organisations) : ListPageModel
{
    [BindProperty(SupportsGet = true, Name = "organisation")] public Guid? OrganisationId { get; set; }
    /// <summary>"active", "inactive" or empty for all.</summary>
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    public PageOf<UserDto> List { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Choice> Organisations { get; private set; } = [];
    [BindProperty] public UserForm Input { get; set; } = new();
    public UserFieldsView Fields => new(this, Input, Organisations, Inviting: true);

    /// <summary>After a successful invitation: the new account and its full activation link, shown this once.</summary>
    public UserDto? Invited { get; private set; }
    public string? ActivationUrl { get; private set; }

    private bool? Active => Status switch { "active" => true, "inactive" => false, _ => null };

    protected override IEnumerable<KeyValuePair<string, string?>> Filters =>
        [new("organisation", OrganisationId?.ToString("D", CultureInfo.InvariantCulture)), new("status", Active is null ? null : Status)];

    protected override IReadOnlyList<string> SortKeys => ["name", "-name", "email", "organisation"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Input.OrganisationId = OrganisationId;
        await LoadAsync(ct);
        return PageOrLast(List);
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var result = await users.InviteAsync(Input.ToInvite(), ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            await LoadAsync(ct);
            return Page();
        }
        // Not redirected and not stored: the link carries a secret and appears in this one response only.
        Invited = result.Value!.User;
        ActivationUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{result.Value.ActivationPath}";
        Input = new UserForm();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        List = await users.ListAsync(Query, OrganisationId, Active, ct);
        Organisations = await UserForm.OrganisationsAsync(organisations, ct);
    }
}

/// <summary>The fields of the invite and edit forms; the e-mail address is only set when inviting.</summary>
public sealed class UserForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public Guid? OrganisationId { get; set; }
    public List<string> Roles { get; set; } = [];

    public InviteUserInput ToInvite() => new(Email, DisplayName, OrganisationId, Roles);

    public UpdateUserInput ToUpdate() => new(DisplayName, OrganisationId, Roles);

    public static UserForm From(UserDto u) => new() { Email = u.Email, DisplayName = u.DisplayName, OrganisationId = u.OrganisationId, Roles = [.. u.Roles] };

    /// <summary>Every organisation, grouped by region, as select choices.</summary>
    public static async Task<IReadOnlyList<Choice>> OrganisationsAsync(OrganisationAdmin organisations, CancellationToken ct) =>
        (await FormPageModel.AllAsync(q => organisations.ListAsync(q, null, null, ct)))
            .OrderBy(o => o.RegionName, StringComparer.CurrentCulture).ThenBy(o => o.Name, StringComparer.CurrentCulture)
            .Select(o => new Choice(o.Id.ToString(), o.Name, o.RegionName)).ToList();
}

/// <summary>The model of the _UserFields partial.</summary>
public sealed record UserFieldsView(FormPageModel Page, UserForm Input, IReadOnlyList<Choice> Organisations, bool Inviting);
