using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Casus.Web.Features.Privacy;

/// <summary>
/// The privacy officer's search of the processing log. The criteria (a person's reference among them) are posted,
/// and the result's address carries them only as the list's protected token — encrypted, signed, for an hour —
/// so paging, sorting and export work without personal data in any address.
/// </summary>
[Authorize(Policy = PrivacyPolicies.Officer)]
public sealed class LogModel(ProcessingLogSearch search) : ListPageModel
{
    [BindProperty(Name = "reference")] public string? Reference { get; set; }
    [BindProperty(Name = "user")] public Guid? UserId { get; set; }
    [BindProperty(Name = "organisation")] public Guid? OrganisationId { get; set; }
    [BindProperty(Name = "activity")] public string? ActivityId { get; set; }
    [BindProperty(Name = "from")] public DateOnly? From { get; set; }
    [BindProperty(Name = "to")] public DateOnly? To { get; set; }
    [BindProperty(Name = "decision")] public string? Decision { get; set; }

    public PageOf<LogRow> List { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Choice> Users { get; private set; } = [];
    public IReadOnlyList<Choice> Organisations { get; private set; } = [];
    public bool Searched { get; private set; }

    protected override IReadOnlyList<string> SortKeys => ProcessingLogSearch.SortKeys;
    protected override string DefaultSort => "-time";
    public string CurrentSort => Sort is { } s && SortKeys.Contains(s) ? s : DefaultSort;
    public string TimeSortUrl => ListUrl(page: 1, sort: CurrentSort == "-time" ? "time" : "-time");

    private LogSearch Criteria => new(Reference, UserId, OrganisationId, ActivityId, From, To, Decision);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ReadCriteria();
        var result = await search.SearchAsync(Criteria with { Sort = CurrentSort, Page = PageNumber, PageSize = PageSize }, ct);
        await LoadChoicesAsync(ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            return Page();
        }
        List = result.Value!;
        return PageOrLast(List);
    }

    /// <summary>Checks the criteria before they go into the token, so mistakes are shown next to the fields.</summary>
    public async Task<IActionResult> OnPostSearchAsync(CancellationToken ct)
    {
        var result = await search.ValidateAsync(Criteria, ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            await LoadChoicesAsync(ct);
            return Page();
        }
        Search = JsonSerializer.Serialize(result.Value! with { Sort = null, Page = null, PageSize = null });
        return Redirect(ListUrl(page: 1));
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync("csv", ct);

    public Task<IActionResult> OnGetJsonAsync(CancellationToken ct) => ExportAsync("json", ct);

    private async Task<IActionResult> ExportAsync(string format, CancellationToken ct)
    {
        ReadCriteria();
        var result = await search.ExportAsync(Criteria, format, ct);
        if (!result.Ok)
        {
            ShowError(result.Error!);
            await LoadChoicesAsync(ct);
            return Page();
        }
        return File(result.Value!.Content, result.Value.ContentType, result.Value.FileName);
    }

    public string ExportUrl(string handler) => QueryHelpers.AddQueryString(ListUrl(page: 1), "handler", handler);

    /// <summary>The criteria from the token of the address (the base class has already checked and decrypted it).</summary>
    private void ReadCriteria()
    {
        if (string.IsNullOrEmpty(Search))
        {
            return;
        }
        LogSearch? criteria;
        try
        {
            criteria = JsonSerializer.Deserialize<LogSearch>(Search);
        }
        catch (JsonException)
        {
            criteria = null;
        }
        if (criteria is null)
        {
            return;
        }
        Searched = true;
        (Reference, UserId, OrganisationId, ActivityId, From, To, Decision) =
            (criteria.Reference, criteria.UserId, criteria.OrganisationId, criteria.ActivityId, criteria.From, criteria.To, criteria.Decision);
    }

    private async Task LoadChoicesAsync(CancellationToken ct) => (Users, Organisations) = await search.ChoicesAsync(ct);

    /// <summary>A record's activity: the purpose of the register's version it names, else its id.</summary>
    public static string ActivityName(LogRow row) => row.ActivityPurpose ?? row.ActivityId ?? "";

    /// <summary>The activities the search offers, by key (every version), with their purpose as code declares it.</summary>
    public static IEnumerable<Choice> ActivityChoices => PrivacyActivities.Register.Select(a =>
        new Choice(a.Key, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? a.PurposeNl : a.PurposeEn)).OrderBy(c => c.Text, StringComparer.CurrentCulture);
}
