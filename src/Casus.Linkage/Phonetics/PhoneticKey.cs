namespace Casus.Linkage.Phonetics;

/// <summary>
/// A consonant skeleton adapted to the names Casus meets: Dutch, Moroccan and Syrian (Arabic in French, English and
/// Dutch transliteration), Turkish, Surinamese and Polish. Why not Soundex or Double Metaphone: those are built for
/// English spelling, so "Joesoef"/"Youssef"/"Yusuf" (Dutch oe = u, j = y), "Chalid"/"Khalid"/"Halid"
/// (ch, kh, g and h are one guttural here), "Kowalski"/"Kovalski" (w = v) and "Öztürk"/"Oeztuerk" land in different
/// codes. Transliteration variants of Arabic names differ mostly in vowels and doubled consonants, so the key keeps
/// consonants only (a leading vowel becomes "a"), merges consonants that Dutch and these transliterations confuse
/// (b/p, d/t, v/w/f, z/s, g/ch/kh/gh/h, c/k/q, sch/sj/sh/sz → s) and collapses repeats.
/// "Mohammed", "Muhammad", "Mohamed" → "mhmt"; "van der Berg"/"Bergh" → "prh"; "Youssef"/"Yusuf"/"Joesoef" → "ysf".
/// Mehmet also gives "mhmt": the comparison treats it as a near variant, not the same name.
/// </summary>
public static class PhoneticKey
{
    /// <summary>Key of a folded word (letters a–z; anything else is skipped).</summary>
    public static string Compute(string word)
    {
        Span<char> key = stackalloc char[Math.Max(word.Length * 2, 4)];
        var n = Compute(word, key);
        return new string(key[..n]);
    }

    /// <summary>Writes the key of <paramref name="word"/> into <paramref name="key"/> (at least twice its length) and returns its length.</summary>
    public static int Compute(ReadOnlySpan<char> word, Span<char> key)
    {
        var n = 0;
        var first = true;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c is < 'a' or > 'z')
            {
                continue;
            }

            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            var next2 = i + 2 < word.Length ? word[i + 2] : '\0';
            char emit;
            switch (c)
            {
                case 'a' or 'e' or 'i' or 'o' or 'u':
                    if (first)
                    {
                        key[n++] = 'a';
                        first = false;
                    }

                    // "oe", "ou", "ie", "ei", "ee" are single vowels: skip the second letter too.
                    if (next is 'a' or 'e' or 'i' or 'o' or 'u')
                    {
                        i++;
                    }

                    continue;
                case 'y':
                    if (first)
                    {
                        key[n++] = 'y';
                        first = false;
                    }

                    continue; // a vowel inside a word
                case 'j':
                    if (first)
                    {
                        key[n++] = 'y';
                        first = false;
                    }

                    continue; // Dutch j (= y) inside a word: "Khadija", "Meijer"
                case 's' when next == 'c' && next2 == 'h':
                    emit = 's';
                    i += 2;
                    break;
                case 's' when next is 'j' or 'h' or 'z':
                    emit = 's';
                    i++;
                    break;
                case 'c' when next == 'z':
                    emit = 't'; // Polish cz = tsj
                    i++;
                    break;
                case 'r' when next == 'z':
                    emit = 's'; // Polish rz = zj
                    i++;
                    break;
                case 'c' when next == 'h':
                case 'k' when next == 'h':
                case 'g' when next == 'h':
                    emit = 'h';
                    i++;
                    break;
                case 'p' when next == 'h':
                    emit = 'f';
                    i++;
                    break;
                case 't' when next == 'h':
                    emit = 't';
                    i++;
                    break;
                case 'c' when next is 'e' or 'i':
                    emit = 's';
                    break;
                case 'c' or 'k' or 'q':
                    emit = 'k';
                    break;
                case 'x':
                    if (n == 0 || key[n - 1] != 'k')
                    {
                        key[n++] = 'k';
                    }

                    emit = 's';
                    break;
                case 'g' or 'h':
                    emit = 'h';
                    break;
                case 'b':
                    emit = 'p';
                    break;
                case 'd':
                    emit = 't';
                    break;
                case 'v' or 'w' or 'f':
                    emit = 'f';
                    break;
                case 'z':
                    emit = 's';
                    break;
                default:
                    emit = c;
                    break;
            }

            first = false;
            if (n == 0 || key[n - 1] != emit)
            {
                key[n++] = emit;
            }
        }

        return n;
    }
}
