using Microsoft.AspNetCore.DataProtection;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Profiles;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Casus.Web.Features.Shared;

/// <summary>
/// What form pages share: showing an <see cref="AppError"/> as a summary, per-field messages and a
/// page message. Errors are resource keys; the views translate them.
/// </summary>
public abstract class FormPageModel : PageModel
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>Field errors (field name → resource keys), for the summary and next to each field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = NoErrors;

    /// <summary>A message about the whole form (not found, changed by someone else, …), as a resource key.</summary>
    public string? ErrorKey { get; private set; }

    /// <summary>True when the save failed because someone else changed the record after it was read.</summary>
    public bool ChangedBySomeoneElse { get; private set; }

    /// <summary>
    /// After a save or an action: back to the record with a message when it worked, 404 when the record is gone,
    /// otherwise the page again with the error and what the user typed.
    /// </summary>
    protected async Task<IActionResult> AfterSaveAsync<T>(Result<T> result, Guid id, string doneKey, Func<Task<IActionResult>> showAgain)
    {
        if (result.Ok)
        {
            TempData["Message"] = doneKey;
            return RedirectToPage(new { id });
        }
        if (result.Error!.Code == AppError.NotFound().Code)
        {
            return NotFound();
        }
        ShowError(result.Error);
        return await showAgain();
    }

    protected void ShowError(AppError error)
    {
        Errors = error.Fields ?? NoErrors;
        ChangedBySomeoneElse = error.Code == AppError.Conflict().Code;
        // Field errors speak for themselves in the summary; other errors get the page message.
        ErrorKey = error.Fields is { Count: > 0 } ? null : error.MessageKey;
    }

    public IReadOnlyList<string> ErrorsFor(string field) => Errors.TryGetValue(field, out var keys) ? keys : [];

    public bool HasError(string field) => Errors.ContainsKey(field);

    /// <summary>The value for aria-invalid: "true" or null (Razor then leaves the attribute out).</summary>
    public string? Invalid(string field) => HasError(field) ? "true" : null;

    /// <summary>The value for aria-describedby pointing at a field's error message, or null.</summary>
    public string? DescribedBy(string field, string inputId) => HasError(field) ? inputId + "-error" : null;

    /// <summary>The model of the _FieldError partial for one input.</summary>
    public FieldErrorView FieldError(string field, string inputId) => new(inputId, ErrorsFor(field));

    /// <summary>Every item of a paged list, page by page (for selects and checkbox groups).</summary>
    public static async Task<IReadOnlyList<T>> AllAsync<T>(Func<ListQuery, Task<PageOf<T>>> list)
    {
        var all = new List<T>();
        for (var page = 1; ; page++)
        {
            var result = await list(new ListQuery(page, 200));
            all.AddRange(result.Items);
            if (page >= result.PageCount || result.Items.Count == 0)
            {
                return all;
            }
        }
    }

    /// <summary>The name of a national profile in the user's language.</summary>
    public static string ProfileName(string key)
    {
        var profile = NationalProfiles.All.FirstOrDefault(p => p.Key == key);
        if (profile is null)
        {
            return key;
        }
        return System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? profile.NameNl : profile.NameEn;
    }
}

/// <summary>
/// A list page: filters, sort and paging in the query string, so a list view can be reloaded and paged. The search
/// term is typically a name — personal data, which never goes into a URL (browser history, proxy logs): the filter
/// form posts it, and the list URL carries it only as "q", protected (encrypted and signed) for one hour.
/// </summary>
public abstract class ListPageModel : FormPageModel
{
    public const int PageSize = 25;

    /// <summary>The search term: posted by the filter form, or unprotected from the "q" token of a list URL.</summary>
    [BindProperty(Name = "search")] public string? Search { get; set; }
    [FromQuery(Name = "q")] public string? ProtectedSearch { get; set; }
    public static readonly TimeSpan SearchTokenLifetime = TimeSpan.FromHours(1);
    private const string SearchPurpose = "Casus.ListSearch.v1";

    /// <summary>Reads the protected search term of a list URL (an expired or altered token reads as no search).</summary>
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        if (string.IsNullOrEmpty(Search) && !string.IsNullOrEmpty(ProtectedSearch))
        {
            try
            {
                Search = Protector.Unprotect(ProtectedSearch);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                Search = null;
            }
        }
        base.OnPageHandlerExecuting(context);
    }

    private ITimeLimitedDataProtector Protector =>
        HttpContext.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(SearchPurpose).ToTimeLimitedDataProtector();
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }
    // Not [BindProperty]: "page" is also the route value naming the Razor page, which would win over the query string.
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    protected ListQuery Query => new(PageNumber, PageSize, Search, Sort);

    /// <summary>The page's filters other than search, sort and page, as query-string values (null: not set).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Filters => [];

    /// <summary>
    /// The filter form posts (every form does, with an antiforgery token) and is redirected to the list URL, so the
    /// result is a plain GET that can be reloaded, bookmarked and paged.
    /// </summary>
    public IActionResult OnPostFilter() => Redirect(ListUrl(page: 1));

    /// <summary>This list with the current search, filters and sort; page and sort can be overridden.</summary>
    public string ListUrl(int? page = null, string? sort = null)
    {
        var values = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            values.Add(new("q", Protector.Protect(Search.Trim(), SearchTokenLifetime)));
        }
        values.AddRange(Filters.Where(f => !string.IsNullOrEmpty(f.Value)));
        var effectiveSort = sort ?? Sort;
        if (!string.IsNullOrEmpty(effectiveSort))
        {
            values.Add(new("sort", effectiveSort));
        }
        var effectivePage = page ?? PageNumber;
        if (effectivePage > 1)
        {
            values.Add(new("page", effectivePage.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return QueryHelpers.AddQueryString(Request.PathBase + Request.Path, values);
    }

    /// <summary>The link on a column header: name toggles ascending and descending, other columns sort ascending.</summary>
    public string SortUrl(string column) =>
        ListUrl(page: 1, sort: column == "name" ? (CurrentSort == "name" ? "-name" : "name") : column);

    /// <summary>The aria-sort value of a column header, or null when the list is not sorted by it.</summary>
    public string? AriaSort(string column) => CurrentSort switch
    {
        var s when s == column => "ascending",
        var s when s == "-" + column => "descending",
        _ => null,
    };

    /// <summary>The sort in effect; the handlers sort by name when none or an unknown one is given.</summary>
    protected virtual IReadOnlyList<string> SortKeys => ["name", "-name"];

    /// <summary>The sort when none is asked for.</summary>
    protected virtual string DefaultSort => "name";

    private string CurrentSort => Sort is { } s && SortKeys.Contains(s) ? s : DefaultSort;

    /// <summary>The page, or a redirect to the last page when the requested page lies beyond it (e.g. after deletions).</summary>
    protected IActionResult PageOrLast<T>(PageOf<T> list) =>
        list.Items.Count == 0 && list.Total > 0 && list.Page > list.PageCount ? Redirect(ListUrl(page: list.PageCount)) : Page();

    /// <summary>The pager under the list.</summary>
    public Pager PagerFor<T>(PageOf<T> page) => new(
        page.Page, page.PageCount, page.Total,
        page.Page > 1 ? ListUrl(page: Math.Min(page.Page - 1, page.PageCount)) : null,
        page.Page < page.PageCount ? ListUrl(page: page.Page + 1) : null);
}

/// <summary>The model of the _Pager partial.</summary>
public sealed record Pager(int Page, int PageCount, int Total, string? PreviousUrl, string? NextUrl);

/// <summary>One option of a select or checkbox group: its value and its (already translated or data) text.</summary>
public sealed record Choice(string Value, string Text, string? Group = null);

/// <summary>The model of the _FieldError partial: the messages shown under one input, with the id aria-describedby points at.</summary>
public sealed record FieldErrorView(string InputId, IReadOnlyList<string> Keys);

/// <summary>The model of a form-fields partial: the page (for its errors) and the form's values.</summary>
public sealed record FormView<TForm>(FormPageModel Page, TForm Input);

/// <summary>The model of the _Select partial: a labelled select of data (regions, organisations, …).</summary>
public sealed record SelectView(FormPageModel Page, string InputId, string Name, string LabelKey, string EmptyKey,
    IReadOnlyList<Choice> Choices, string? Selected, string? ErrorField);
