using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Casus.Web.Features.Evaluations;

/// <summary>The kinds of personal data the check finds; the message names the kind, never the value found.</summary>
public enum PersonalDataKind { Name, Reference, CitizenServiceNumber, Email, Phone, Date }

/// <summary>
/// Finds what identifies a person in a text meant to be anonymous: the person's name parts (given names, surname,
/// aliases), a case or signal reference, something shaped like a citizen service number (nine digits), an e-mail
/// address, a phone number, or a date. Pure: the caller gives the name parts and references of the case. It is a
/// safety net, not a guarantee: the page asks people not to enter personal data at all.
/// </summary>
public static partial class PersonalDataCheck
{
    /// <summary>Dutch surname prefixes and other short words that are not, on their own, a name.</summary>
    private static readonly HashSet<string> NotANamePart = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "de", "der", "den", "het", "ten", "ter", "te", "'t", "in", "op", "la", "le", "du", "da", "di", "d'", "el", "al", "von", "vom", "zu", "und",
    };

    /// <summary>The kinds of personal data found in <paramref name="text"/>, in a fixed order; empty when none.</summary>
    public static IReadOnlyList<PersonalDataKind> Find(string? text, IEnumerable<string> nameParts, IEnumerable<string> references)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var found = new List<PersonalDataKind>();
        var plain = Fold(text);
        if (NamePartsOf(nameParts).Any(part => Regex.IsMatch(plain, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(part)}(?![\p{{L}}\p{{N}}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
        {
            found.Add(PersonalDataKind.Name);
        }
        if (ReferencePattern().IsMatch(text)
            || references.Any(r => !string.IsNullOrWhiteSpace(r) && text.Contains(r.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            found.Add(PersonalDataKind.Reference);
        }
        if (CitizenServiceNumberPattern().IsMatch(text))
        {
            found.Add(PersonalDataKind.CitizenServiceNumber);
        }
        if (EmailPattern().IsMatch(text))
        {
            found.Add(PersonalDataKind.Email);
        }
        if (InternationalPhonePattern().IsMatch(text) || DutchPhonePattern().IsMatch(text))
        {
            found.Add(PersonalDataKind.Phone);
        }
        if (NumericDatePattern().IsMatch(text) || IsoDatePattern().IsMatch(text) || DayMonthPattern().IsMatch(text) || MonthDayPattern().IsMatch(text))
        {
            found.Add(PersonalDataKind.Date);
        }
        return found;
    }

    /// <summary>The resource key of the message for a kind found, e.g. "Validation.PersonalData.Name".</summary>
    public static string MessageKey(PersonalDataKind kind) => $"Validation.PersonalData.{kind}";

    /// <summary>Each word of each name, folded (no diacritics), without prefixes and one-letter initials.</summary>
    private static IEnumerable<string> NamePartsOf(IEnumerable<string> names) =>
        names.Where(n => !string.IsNullOrWhiteSpace(n))
            .SelectMany(n => new[] { n.Trim() }.Concat(n.Split([' ', '-', '.', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Select(Fold)
            .Where(p => p.Length >= 2 && !NotANamePart.Contains(p))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Without diacritics, so "Özdemir" is found in "Ozdemir" and "Chloë" in "Chloe".</summary>
    private static string Fold(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Case and signal references: "C26-K7MQ2X", "S26-…".</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}])[CS]\d{2}-[A-Z0-9]{4,}(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ReferencePattern();

    /// <summary>Nine digits in a row, or written as 1234.56.789.</summary>
    [GeneratedRegex(@"(?<![\d\-+])(\d{9}|\d{4}\.\d{2}\.\d{3})(?![\d\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CitizenServiceNumberPattern();

    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EmailPattern();

    /// <summary>+31 6 12345678, 0031 20 1234567, +32 …: a country code and at least eight more digits.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(\+|00)\d{2,3}[\s\-]?(\(0\)[\s\-]?)?\d([\s\-]?\d){7,10}(?!\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex InternationalPhonePattern();

    /// <summary>06-12345678, 010 123 4567, 0612345678: a zero and nine more digits, with spaces or dashes.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}\-])0\d([\s\-]?\d){8}(?![\d\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DutchPhonePattern();

    /// <summary>3-4-2024, 03/04/24, 3.4.2024.</summary>
    [GeneratedRegex(@"(?<!\d)\d{1,2}[\-/.]\d{1,2}[\-/.](\d{4}|\d{2})(?!\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NumericDatePattern();

    /// <summary>2024-04-03.</summary>
    [GeneratedRegex(@"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex IsoDatePattern();

    /// <summary>3 april, 12 mrt 2024, 1st of March: a day and a month name.</summary>
    [GeneratedRegex(@"(?<!\d)\d{1,2}(e|ste|de|st|nd|rd|th)?\s+(of\s+)?(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|feb|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DayMonthPattern();

    /// <summary>March 3, April 12th.</summary>
    [GeneratedRegex(@"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(st|nd|rd|th)?(?!\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MonthDayPattern();
}
