using System.Globalization;
using System.Text;

namespace Casus.Linkage.Normalisation;

/// <summary>
/// Folds free text to lower-case ASCII letters and digits separated by single spaces: diacritics are removed
/// (é→e, ö→o, ş→s, ğ→g, ç→c, ı→i), letters without a decomposition are mapped by hand (ł→l, ø→o, ß→ss, æ→ae),
/// apostrophes disappear ("van 't Hof" → "van t hof", "O'Neill" → "oneill") and every other character
/// (hyphen, dot, comma) separates words ("El-Amrani" → "el amrani", "J." → "j").
/// </summary>
public static class TextFolding
{
    private const int TableSize = 0x0300;
    private static readonly string?[] Table = BuildTable();

    public static string Fold(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            string? mapped;
            if (c < TableSize)
            {
                mapped = Table[c];
            }
            else
            {
                mapped = FoldRare(c);
            }

            if (mapped is null)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (mapped.Length == 0)
            {
                continue; // apostrophes and combining marks vanish without separating
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(mapped);
        }

        return builder.ToString();
    }

    /// <summary>Only letters a–z of <paramref name="folded"/>, without spaces: "el amrani" → "elamrani".</summary>
    public static string LettersOnly(string folded)
    {
        Span<char> buffer = folded.Length <= 256 ? stackalloc char[folded.Length] : new char[folded.Length];
        var n = 0;
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z')
            {
                buffer[n++] = c;
            }
        }

        return n == folded.Length ? folded : new string(buffer[..n]);
    }

    private static string? FoldRare(char c)
    {
        if (char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            return "";
        }

        if (c is '\u2019' or '\u2018' or '\u02BC' or '\u00B4' or '`')
        {
            return "";
        }

        if (!char.IsLetterOrDigit(c))
        {
            return null;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder();
        foreach (var d in decomposed)
        {
            var lower = char.ToLowerInvariant(d);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(lower);
            }
        }

        // Letters from other scripts (Arabic, Cyrillic) are kept as they are: equal strings still compare equal.
        return builder.Length > 0 ? builder.ToString() : char.ToLowerInvariant(c).ToString();
    }

    private static string?[] BuildTable()
    {
        var table = new string?[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var c = (char)i;
            table[i] = c switch
            {
                >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
                >= 'A' and <= 'Z' => ((char)(c + 32)).ToString(),
                '\'' or '`' or '\u00B4' or '\u02BC' => "",
                'ł' or 'Ł' => "l",
                'ø' or 'Ø' => "o",
                'ß' => "ss",
                'æ' or 'Æ' => "ae",
                'œ' or 'Œ' => "oe",
                'ı' => "i",
                'đ' or 'Đ' or 'ð' or 'Ð' => "d",
                'þ' or 'Þ' => "th",
                'ĳ' or 'Ĳ' => "ij",
                _ when c < 0x00C0 => null,
                _ => FoldRare(c),
            };
        }

        return table;
    }
}
