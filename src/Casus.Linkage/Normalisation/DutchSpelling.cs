namespace Casus.Linkage.Normalisation;

/// <summary>
/// Spelling equivalences that Dutch registrations produce for the same name: ij/y ("Meijer"/"Meyer"), ch/g
/// ("Gerrit"/"Cherrit" is rare, but "Ochtman"/"Ogtman" and Moroccan "Achmed"/"Agmed" transliterations are not),
/// au/ou ("Pauw"/"Pouw"), dt at the end ("Smidt"/"Smit"), c/k and ck/k ("Cornelis"/"Kornelis", "Hendrickx"/"Hendriks"),
/// ph/f, th/t, x/ks, and doubled letters ("Janssen"/"Jansen", "Mohammed"/"Mohamed").
/// The result is a comparison form, never shown to anyone.
/// </summary>
public static class DutchSpelling
{
    /// <summary>Canonical spelling of a folded single word (letters a–z only).</summary>
    public static string Canonicalise(string word)
    {
        if (word.Length == 0)
        {
            return word;
        }

        Span<char> output = word.Length * 2 <= 256 ? stackalloc char[word.Length * 2] : new char[word.Length * 2];
        var n = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            var prev = i > 0 ? word[i - 1] : '\0';
            switch (c)
            {
                case 'i' when next == 'j':
                    Emit(ref n, output, 'y');
                    i++;
                    continue;
                case 'c' when next == 'h' && prev != 's':
                    Emit(ref n, output, 'g');
                    i++;
                    continue;
                case 'c' when next == 'k':
                    Emit(ref n, output, 'k');
                    i++;
                    continue;
                case 'c' when next != 'h':
                    Emit(ref n, output, 'k');
                    continue;
                case 'a' when next == 'u':
                    Emit(ref n, output, 'o');
                    Emit(ref n, output, 'u');
                    i++;
                    continue;
                case 'p' when next == 'h':
                    Emit(ref n, output, 'f');
                    i++;
                    continue;
                case 't' when next == 'h':
                    Emit(ref n, output, 't');
                    i++;
                    continue;
                case 'd' when next == 't' && i + 2 == word.Length:
                    Emit(ref n, output, 't');
                    i++;
                    continue;
                case 'x':
                    Emit(ref n, output, 'k');
                    Emit(ref n, output, 's');
                    continue;
                default:
                    Emit(ref n, output, c);
                    continue;
            }
        }

        var result = output[..n];
        return result.SequenceEqual(word) ? word : new string(result);
    }

    private static void Emit(ref int n, Span<char> output, char c)
    {
        // Doubled letters collapse, except vowels, whose doubling is part of Dutch spelling ("Geert", "Maarten").
        if (n > 0 && output[n - 1] == c && c is not ('a' or 'e' or 'o' or 'u'))
        {
            return;
        }

        output[n++] = c;
    }
}
