namespace Casus.Linkage.Normalisation;

/// <summary>
/// Transliteration and spelling variants that are the same name (one group, first spelling canonical), near
/// variants that are related but distinct forms (Turkish Mehmet beside Arabic Muhammad), and nicknames or short
/// forms that point to a formal name. Spellings are folded (lower case, no diacritics). Variants not listed here
/// are still found by the phonetic key and by Jaro–Winkler.
/// </summary>
public static class NameVariants
{
    private static readonly string[] Groups =
    [
        // Arabic given names (Moroccan, Syrian) in French, English, Dutch and German transliteration.
        "muhammad mohammed mohamed mohamad mohammad muhammed mouhamed mohamet mohammet mhamed mohamud",
        "ahmed ahmad achmed ahmet agmed",
        "mustafa mustapha moustafa mostafa mostapha moestafa",
        "youssef yousef yusuf youssouf yousuf joesoef yussuf jusuf yosef",
        "ibrahim ebrahim ibrahiem brahim",
        "hussein hussain husein hoessein husain houssein huseyin",
        "hassan hasan hassane",
        "hamza hamsa",
        "khalid khaled chalid halid",
        "abdelkader abdulkadir abdelkadir abdulqadir abdelqader",
        "abdullah abdallah abdellah abdoellah",
        "abderrahim abdelrahim abdulrahim abdurrahim",
        "omar umar oemar",
        "ali aly",
        "karim kareem",
        "rachid rashid rasheed",
        "said saeed sayed saaid",
        "yassin yassine yasin",
        "bilal bellal",
        "ayoub ayub ayyub",
        "soufiane sufyan soefian sofian sofiane",
        "anas annas",
        "tarik tariq tarek",
        "nabil nabiel",
        "walid waleed",
        "jamal djamal gamal",
        "fatima fatema fatiema fatimah",
        "khadija khadidja khadijah kadija",
        "aicha aisha aischa ayesha",
        "mariam maryam meryem meriem",
        "zainab zaynab zeinab",
        "nour noor nur",
        "yasmina yasmin jasmina",
        "salma selma",
        "hanane hanan",
        "samira samiera",
        "layla leila laila leyla",
        "amina aminah emine",
        "souad soeaad suad",
        "rania ranya",
        "hind hinde",
        // Arabic surnames; the article is handled separately.
        "elamrani elamranie",
        "benali benaly",
        "bouzid bouzit",
        "elhassan elhasan",
        "elkhatib elchatib elkhateeb",
        "elahmad elahmed",
        "boukhari bouchari bukhari",
        "azzouzi azouzi",
        "ouali wali",
        "haddad hadad",
        "mansour mansoer mansur",
        "darwish darwiesj derwis",
        "ammari amari",
        // Turkish.
        "yilmaz jilmaz",
        "ozturk oeztuerk ozturc",
        "celik tchelik tselik",
        "sahin shahin sjahin",
        "yildiz jildiz",
        "aydin aidin",
        "ozdemir oezdemir",
        "arslan aslan",
        "dogan doan",
        "kilic kilinc",
        "cetin tchetin",
        "kaya kaja",
        "ayse aysche aische",
        "emre emreh",
        // Surinamese (Hindustani, Creole, Javanese) spellings.
        "ramdin ramdien",
        "jagesar jaggesar jagessar",
        "soekhoe sukhu soekhu",
        "ramsaran ramsarran",
        "mahabier mahabir",
        "bisoen bisun",
        "kisoen kisun",
        "sewdien sewdin",
        "mohan mohun",
        "kartosen kartosin",
        "soeprapto suprapto",
        "wongsodikromo wongsodikoromo",
        "radjkoemar rajkumar radjkumar",
        "sunil soenil",
        "shanti shanty sjanti",
        "anjali andjali",
        "roshni rosjni",
        "dewi dewie",
        "ganesh ganesj",
        // Polish.
        "aleksander alexander aleksandr",
        "katarzyna katarzina",
        "krzysztof kristof",
        "wojciech wojtek",
        "piotr pjotr",
        "pawel pavel",
        "michal michael",
        "lukasz lucas lukas",
        "malgorzata malgosia",
        "agnieszka agnieska",
        "kowalski kowalsky kovalski",
        "nowak novak",
        "wisniewski wisniewsky visnievski",
        "wojcik wojczik",
        "kaminski kaminsky",
        "lewandowski lewandowsky",
        "zielinski zielinsky",
        "szymanski szymansky",
        // Syrian given names and surnames.
        "ghassan gassan",
        "abdulrahman abdelrahman abderrahman abdurrahman",
        "moayad muayad",
        "alhalabi elhalabi halabi",
        "alshami elshami shami",
        "alsayed elsayed sayed",
        // Dutch: surname spellings that registrations mix up.
        "jansen janssen jansens janse",
        "meijer meyer meier",
        "de jong de jongh",
        "hendriks hendrikx hendrix hendricks",
        "smit smidt smits",
        "pietersen pieterse petersen",
        "willems willemse willemsen",
        "dekker decker",
        "van dijk van dyk van dijck",
        "claassen klaassen claasen",
        "cornelis kornelis",
        "christiaan christian kristiaan",
        "gerrit gerit",
        "thijs tijs",
        "sophie sofie",
        "chantal shantal",
    ];

    private static readonly string[] Near =
    [
        "muhammad mehmet", "ahmed ahmet", "yusuf yousef", "hussein huseyin", "khadija hatice", "fatima fatma",
        "mariam meryem", "amina emine", "aicha ayse", "abdelkader kader",
    ];

    private static readonly string[] Nicknames =
    [
        "johannes jan hans johan joop hannes jo",
        "cornelis kees cor",
        "hendrik henk rik",
        "wilhelmus wim willem",
        "petrus piet peter",
        "jacobus koos jaap",
        "gerardus gerard gert",
        "adrianus adrie arie",
        "theodorus theo ruud",
        "franciscus frans",
        "antonius anton toon",
        "elisabeth els lisa bep",
        "johanna anneke hanneke",
        "catharina toos ineke",
        "wilhelmina wilma mien",
        "maria marie mies",
        "muhammad mo moha",
        "abdelkader kader",
        "mustafa mus",
        "abdulrahman abdul",
        "aleksander olek",
        "katarzyna kasia",
        "malgorzata gosia",
        "krzysztof krzys",
        "ibrahim ibo",
    ];

    private static readonly Dictionary<string, string> CanonicalBySpelling = BuildGroups();
    private static readonly Dictionary<string, int> NearGroups = BuildNear();
    private static readonly Dictionary<string, string> FormalByNickname = BuildNicknames();

    /// <summary>Canonical spelling for a folded word, or null when the word is not in a variant group.</summary>
    public static string? Canonical(string folded) => CanonicalBySpelling.GetValueOrDefault(folded);

    /// <summary>
    /// The comparison form of a folded word: its variant group's canonical spelling (looked up as written, then in
    /// Dutch canonical spelling), passed through <see cref="DutchSpelling.Canonicalise"/>.
    /// </summary>
    public static string CanonicalWord(string folded)
    {
        var fromTable = Canonical(folded);
        if (fromTable is not null)
        {
            return DutchSpelling.Canonicalise(fromTable);
        }

        var spelled = DutchSpelling.Canonicalise(folded);
        fromTable = Canonical(spelled);
        return fromTable is null ? spelled : DutchSpelling.Canonicalise(fromTable);
    }

    /// <summary>Formal name's comparison form for a nickname's comparison form ("kes" → "kornelis"), or null.</summary>
    public static string? FormalOf(string canonical) => FormalByNickname.GetValueOrDefault(canonical);

    /// <summary>Related but distinct forms (Mehmet and Muhammad): a near variant, weaker than the same name.</summary>
    public static bool AreNear(string canonicalA, string canonicalB) =>
        canonicalA != canonicalB && NearGroup(canonicalA) is var group && group >= 0 && group == NearGroup(canonicalB);

    /// <summary>Number of the near-variant group of a comparison form, or −1; precomputed per record so comparing is a number test.</summary>
    public static int NearGroup(string canonical) => NearGroups.GetValueOrDefault(canonical, -1);

    private static Dictionary<string, string> BuildGroups()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            var spellings = Split(group);
            foreach (var spelling in spellings)
            {
                map.TryAdd(spelling, spellings[0]);
            }
        }

        return map;
    }

    private static Dictionary<string, int> BuildNear()
    {
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Near.Length; i++)
        {
            var parts = Near[i].Split(' ');
            groups.TryAdd(CanonicalWord(parts[0]), i);
            groups.TryAdd(CanonicalWord(parts[1]), i);
        }

        return groups;
    }

    private static Dictionary<string, string> BuildNicknames()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in Nicknames)
        {
            var names = group.Split(' ');
            var formal = CanonicalWord(names[0]);
            foreach (var nickname in names.Skip(1))
            {
                map.TryAdd(CanonicalWord(nickname), formal);
            }
        }

        return map;
    }

    // Multi-word spellings ("de jong", "van dijk") are stored as the surname core the normaliser produces.
    private static string[] Split(string group)
    {
        var words = group.Split(' ');
        var result = new List<string>(words.Length);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] is "de" or "van" && i + 1 < words.Length)
            {
                result.Add(words[i + 1]);
                i++;
            }
            else
            {
                result.Add(words[i]);
            }
        }

        return [.. result];
    }
}
