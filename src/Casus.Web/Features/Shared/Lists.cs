using System.Net.Mail;
using Casus.Web.Platform.Errors;

namespace Casus.Web.Features.Shared;

/// <summary>A page of a list, as the API and the pages return it.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Paging, search and sort as a list request carries them; out-of-range values are brought into range.</summary>
public sealed record ListQuery(int Page = 1, int PageSize = 25, string? Search = null, string? Sort = null)
{
    public int SafePage => Math.Max(1, Page);
    public int SafePageSize => Math.Clamp(PageSize, 1, 200);
    public int Skip => (SafePage - 1) * SafePageSize;
    public string? Term => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
}

/// <summary>Collects field errors as resource keys, so a page and the API report the same thing in the user's language.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string key)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(key);
        return this;
    }

    public FieldErrors Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"Validation.{field}.Required");
        }
        else if (value.Trim().Length > maxLength)
        {
            Add(field, $"Validation.{field}.TooLong");
        }
        return this;
    }

    public FieldErrors Optional(string field, string? value, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength)
        {
            Add(field, $"Validation.{field}.TooLong");
        }
        return this;
    }

    public FieldErrors Email(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, $"Validation.{field}.Required") : this;
        }
        if (value.Length > 254 || !MailAddress.TryCreate(value.Trim(), out var address) || address.Address != value.Trim())
        {
            Add(field, $"Validation.{field}.Invalid");
        }
        return this;
    }

    /// <summary>Adds another collection's errors to this one.</summary>
    public FieldErrors Merge(FieldErrors other)
    {
        foreach (var (field, keys) in other._errors)
        {
            foreach (var key in keys)
            {
                Add(field, key);
            }
        }
        return this;
    }

    public AppError ToError() => AppError.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}

/// <summary>Converts between a record's concurrency version and the HTTP ETag.</summary>
public static class ETags
{
    public static string For(Guid version) => $"\"{version:N}\"";

    public static bool TryParse(string? ifMatch, out Guid version)
    {
        version = Guid.Empty;
        return !string.IsNullOrEmpty(ifMatch) && Guid.TryParseExact(ifMatch.Trim().Trim('"').Replace("W/", "", StringComparison.Ordinal).Trim('"'), "N", out version);
    }
}
