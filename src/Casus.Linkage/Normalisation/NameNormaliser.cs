namespace Casus.Linkage.Normalisation;

/// <summary>A surname split into a Dutch prefix (tussenvoegsel) and a core, both folded.</summary>
/// <param name="Prefix">Canonical prefix: "van der", "de", "vd" (abbreviation, compatible with van der/van den/van de), or "".</param>
/// <param name="Core">The core as one word without spaces, Arabic article joined and spelled "el": "berg", "elamrani".</param>
/// <param name="Written">Prefix and surname folded with their spaces, to tell "El Amrani" from "Elamrani".</param>
public readonly record struct SurnameParts(string Prefix, string Core, string Written);

/// <summary>Splits and normalises the parts of a name.</summary>
public static class NameNormaliser
{
    private static readonly HashSet<string> DutchPrefixWords = new(StringComparer.Ordinal)
    {
        "van", "de", "der", "den", "het", "t", "te", "ter", "ten", "in", "op", "uit", "aan", "bij", "onder",
        "vd", "v", "d", "vander", "vanden", "vande", "la", "le", "du", "des", "di", "da", "dos", "von", "zu",
    };

    private static readonly HashSet<string> ArabicArticles = new(StringComparer.Ordinal) { "el", "al", "ul", "ell" };

    /// <summary>
    /// "van der Berg" (or prefix "van der" and surname "Berg") → prefix "van der", core "berg";
    /// "El-Amrani", "El Amrani", "Al Amrani", "Elamrani" → core "elamrani"; "v.d. Berg" → prefix "vd".
    /// </summary>
    public static SurnameParts SplitSurname(string? prefixField, string? surnameField)
    {
        var written = TextFolding.Fold(string.IsNullOrWhiteSpace(prefixField) ? surnameField : prefixField + " " + surnameField);
        if (written.Length == 0)
        {
            return new SurnameParts("", "", "");
        }

        var tokens = written.Split(' ');
        var prefixEnd = 0;
        while (prefixEnd < tokens.Length - 1 && DutchPrefixWords.Contains(tokens[prefixEnd]))
        {
            prefixEnd++;
        }

        var prefix = CanonicalPrefix(tokens.AsSpan(0, prefixEnd));
        var coreTokens = tokens.AsSpan(prefixEnd);
        string core;
        if (coreTokens.Length > 1 && ArabicArticles.Contains(coreTokens[0]))
        {
            core = "el" + string.Concat(coreTokens[1..].ToArray());
        }
        else
        {
            core = coreTokens.Length == 1 ? coreTokens[0] : string.Concat(coreTokens.ToArray());
        }

        return new SurnameParts(prefix, TextFolding.LettersOnly(core), written);
    }

    private static string CanonicalPrefix(ReadOnlySpan<string> words)
    {
        if (words.Length == 0)
        {
            return "";
        }

        var joined = string.Join(' ', words.ToArray());
        return joined switch
        {
            "v d" or "vd" or "v den" or "v der" => "vd",
            "v" => "van",
            "vander" => "van der",
            "vanden" => "van den",
            "vande" => "van de",
            "van het" => "van t",
            "v t" => "van t",
            _ => joined,
        };
    }

    /// <summary>True when two canonical prefixes can be the same written prefix ("vd" and "van der").</summary>
    public static bool PrefixesCompatible(string a, string b)
    {
        if (a == b)
        {
            return true;
        }

        if (a == "vd" || b == "vd")
        {
            var other = a == "vd" ? b : a;
            return other is "van der" or "van den" or "van de";
        }

        return false;
    }
}
