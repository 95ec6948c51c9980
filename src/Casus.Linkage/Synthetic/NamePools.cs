namespace Casus.Linkage.Synthetic;

/// <summary>Origin of a synthetic person's names.</summary>
public enum NameOrigin
{
    Dutch = 0,
    Moroccan,
    Turkish,
    Surinamese,
    Polish,
    Syrian,
}

/// <summary>
/// Name pools per origin, most frequent first (drawn with a Zipf-like weight). Each entry is the usual spelling
/// followed by other spellings met in Dutch registrations, separated by '|'. Surnames may carry a Dutch prefix or an
/// Arabic article. Invented combinations; no real persons.
/// </summary>
internal static class NamePools
{
    internal sealed record Pool(NameOrigin Origin, double Share, string[][] Male, string[][] Female, string[][] Surnames, double PlaceholderDateRate);

    private static string[][] P(string entries) =>
        entries.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('|')).ToArray();

    internal static readonly Pool[] All =
    [
        new(NameOrigin.Dutch, 0.50,
            P("Daan, Sem, Lucas|Lukas, Levi, Finn, Milan, Thomas|Tomas, Jesse, Bram, Luuk, Thijs|Tijs, Ruben, Tim, Lars, Stijn|Stein, " +
              "Jan, Pieter|Peter, Hendrik|Henk, Cornelis|Kornelis, Johannes, Willem, Gerrit|Gerit, Dirk|Dirck, Kees|Cees, Jeroen, Bas, Koen|Coen, " +
              "Sander, Mark|Marc, Niels|Nils, Joost, Wouter, Maarten|Martin, Arjen|Arjan, Erik|Eric, Jasper, Roel, Sven, Teun, Mees, Gijs|Guus, " +
              "Christiaan|Kristiaan|Christian, Jacobus, Wilhelmus, Petrus, Gerardus, Adrianus, Theodorus, Frans, Rik|Rick, Mats|Mads, " +
              "Noah, Liam, Luca, Mason, Jayden|Jaiden, Julian|Julien, Hugo, Max, Olivier|Oliver, Boaz, Siem, Jens, Stan, Tijn|Tein, Floris, " +
              "Hidde, Jelle, Wessel, Pim, Ties, Gerben, Sjoerd, Hylke, Rutger, Maurits, Vincent, Dennis, Patrick, Robin, Michiel, Frank, " +
              "Edwin, Ronald, Richard|Rigard, Marcel|Marsel, Peter|Pieter, Paul, Hans, Kevin, Nick, Rob, Wim, Henk, Ad, Ton|Toon, Kees|Cees, Joris, Ids, Tygo|Tijgo"),
            P("Emma, Julia, Sophie|Sofie, Tess|Tes, Anna, Lotte|Lotta, Sara|Sarah, Eva|Eeva, Fleur, Lisa|Liza, Noa, Isa, Sanne|Sane, " +
              "Anouk|Anoek, Femke, Iris, Lieke, Maud, Roos, Esmee|Esmée, Floor, Elise|Elize, Johanna, Maria|Marie, Elisabeth|Elizabeth, " +
              "Catharina|Katharina, Wilhelmina, Anneke|Annecke, Ingrid, Marieke, Petra, Linda, Sandra, Monique|Moniek, Chantal|Shantal, Kim, " +
              "Mirjam|Miriam, Ilse|Ilze, Nienke, Renske, Hanna|Hannah, Vera, Yara|Jara, Liv, Saar, " +
              "Mila, Nora, Zoë|Zoe, Evi|Evie, Olivia, Sophia|Sofia, Lauren, Lynn|Lyn, Amber, Lieve, Jasmijn|Jasmyn, Fenna, Bo, Puck, Jill, Romy, " +
              "Nina, Suze|Suus, Merel, Eline|Elina, Janneke, Marloes, Manon, Wendy, Yvonne|Ivonne, Karin|Carin, Esther|Ester, Annemarie, Mariska, " +
              "Hilde, Gerda, Tineke, Joke, Ria, Corrie|Corry, Dieuwke, Geertje, Sietske, Froukje, Kirsten|Kirstin, Bregje, Rosalie, Noortje, Ilona"),
            P("de Jong|de Jongh, Jansen|Janssen, de Vries|de Fries, van den Berg|van der Berg|v.d. Berg, van Dijk|van Dyk|van Dijck, Bakker, Janssen|Jansen, " +
              "Visser|Fisser, Smit|Smidt, Meijer|Meyer|Meier, de Boer, Mulder, de Groot, Bos, Vos, Peters|Pieters, Hendriks|Hendrikx|Hendrix, " +
              "van Leeuwen, Dekker|Decker, Brouwer, de Wit|de Witt, Dijkstra|Dykstra, Smits, de Graaf|de Graaff, van der Meer, van der Linden, " +
              "Kok, Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen, van den Broek, de Bruijn|de Bruin|de Bruyn, de Bruin, " +
              "van der Heijden|van der Heyden|van der Heiden, Schouten, van Beek, Willems|Willemse, van Vliet, van de Ven, Hoekstra, Maas, " +
              "Verhoeven, Koster, van Dam, van der Wal, Prins, Blom, Huisman, Peeters, de Jonge, Kuipers|Kuiper, van Veen, Post, Kuijpers|Kuypers, " +
              "van 't Hof|van het Hof|van t Hof, in 't Veld|in het Veld, Pietersen|Pieterse|Petersen, Claassen|Klaassen, van Wijk|van Wyk, " +
              "Mertens, Timmermans, Groen, Gerritsen, Boersma, Wouters, Postma, van der Laan, de Lange, Scholten, Lammers, Sanders"),
            0.0),
        new(NameOrigin.Moroccan, 0.15,
            P("Mohammed|Mohamed|Muhammad|Mohamad|Mohammad|Mhamed, Ahmed|Ahmad|Achmed, Youssef|Yousef|Youssouf|Joesoef, Mustafa|Mustapha|Moustafa, " +
              "Ibrahim|Brahim|Ebrahim, Hamza|Hamsa, Bilal, Ayoub|Ayub, Soufiane|Sofiane|Soefian, Anass|Anas, Adam, Rayan|Rayane, Othman|Outhman, " +
              "Abdelkader|Abdel Kader|Abd el Kader, Abdellah|Abdallah|Abdullah, Rachid|Rashid, Said|Saaid, Karim|Kareem, Khalid|Khaled|Chalid, " +
              "Nabil|Nabiel, Tarik|Tariq|Tarek, Yassine|Yassin|Yasin, Omar|Oumar, Ali, Hassan|Hasan, Driss|Idriss, Jamal|Djamal, Mehdi|Mahdi, Amine|Amin, " +
              "Zakaria|Zakariya, Redouan|Redouane|Ridouan, Mourad|Murad, Nordin|Noureddine|Nourdin, Samir|Samier"),
            P("Fatima|Fatiema|Fatema, Khadija|Khadidja|Kadija, Aicha|Aisha|Aischa, Meryem|Mariam|Maryam, Salma|Selma, Yasmina|Yasmin, Nora|Noura, " +
              "Hanane|Hanan, Samira|Samiera, Naima|Naïma|Naeima, Zineb|Zeinab|Zainab, Houda|Hoeda, Imane|Iman, Soukaina|Soukayna, Sara|Sarah, " +
              "Malika|Malikah, Latifa|Latiefa, Rachida|Rashida, Nadia|Nadja, Ilham|Ilhame, Hafsa|Hafsah, Chaima|Chaimae|Shaima, Douae|Doua, " +
              "Loubna|Lubna, Nawal, Souad|Suad, Hind, Amal, Siham|Sihame, Ikram"),
            P("El Amrani|Elamrani|El-Amrani|Al Amrani, Benali|Ben Ali|Ben-Ali, Bouzid|Bouzit, El Idrissi|Elidrissi|El-Idrissi, Azzouzi|Azouzi, " +
              "El Khatib|Elkhatib|El Khattabi, Boukhari|Bouchari, Ouali|Wali, Haddouchi|Hadouchi, Amrani, Bakkali|Bakali, Chaoui|Chaouki, " +
              "El Hamdaoui|Elhamdaoui, Tahiri|Tahri, Ait Taleb|Aittaleb|Ait-Taleb, Boulahrouz|Boulahrous, Ziani|Ziyani, El Ouahabi|Elouahabi, " +
              "Mansouri|Mansoeri, Ouahbi|Wahbi, Achahbar|Achahbar, Aboutaleb|Abou Taleb, El Yassini|Elyassini, Rahmouni|Rahmoeni, " +
              "Belhaj|Belhadj, Bennani|Benani, Cherkaoui|Sherkaoui, Douiri|Doeiri, El Fassi|Elfassi, Hamdi|Hamdy, Lamrabet|Lamrabat, Marzouki|Marzoeki, " +
              "Naciri|Nasiri, Oukili|Okili, Saidi|Saïdi, Zaoui|Zaaoui, Belkadi|Bel Kadi, El Bouazzaoui|Elbouazzaoui, Kasmi|Qasmi, Moussaoui|Musawi"),
            0.05),
        new(NameOrigin.Turkish, 0.12,
            P("Mehmet|Mehmed, Mustafa, Ahmet|Ahmed, Ali, Hüseyin|Huseyin|Hussein, Hasan|Hassan, İbrahim|Ibrahim, Murat|Murad, Emre, Burak, " +
              "Yusuf|Youssouf, Ömer|Omer, Ramazan|Ramadan, Osman, Kemal|Kamal, Halil|Chalil, Selim, Cem|Djem, Serkan, Kaan|Kan, Enes, " +
              "Mert, Can|Djan, Onur, Erdem, Furkan, Oğuz|Oguz, Volkan, Tolga, Recep|Redjep, Yasin|Yassin"),
            P("Ayşe|Ayse|Aysche, Fatma|Fatima, Emine|Amina, Hatice|Hatidje, Zeynep|Zeinep, Elif, Meryem|Meriem, Esra, Büşra|Busra, Merve, " +
              "Özlem|Ozlem, Derya, Sevgi, Gül|Gul, Hülya|Hulya, Songül|Songul, Sibel, Tuğba|Tugba, Kübra|Kubra, Nur, Yasemin|Jasemin, " +
              "Gülsen|Gulsen, Dilek, Esma, Seda, Ebru, Hacer|Hadjer, Nazlı|Nazli, Ceren|Djeren, İrem|Irem"),
            P("Yılmaz|Yilmaz|Jilmaz, Kaya|Kaja, Demir, Şahin|Sahin|Shahin, Çelik|Celik|Tchelik, Yıldız|Yildiz|Jildiz, Yıldırım|Yildirim, " +
              "Öztürk|Ozturk|Oeztuerk, Aydın|Aydin|Aidin, Özdemir|Ozdemir|Oezdemir, Arslan|Aslan, Doğan|Dogan, Kılıç|Kilic, Aslan, Çetin|Cetin, " +
              "Kara, Koç|Koc, Kurt, Özkan|Ozkan, Şimşek|Simsek, Polat, Korkmaz, Erdoğan|Erdogan, Güneş|Gunes, Aktaş|Aktas, Karataş|Karatas, " +
              "Bulut, Keskin, Ünal|Unal, Güler|Guler, Acar|Adjar, Tekin, Yavuz, Bozkurt, Altun|Altin, Uçar|Ucar, Turan, Sarı|Sari, Tunç|Tunc, " +
              "Coşkun|Coskun, Yücel|Yucel, Avcı|Avci, Kaplan, Aksoy"),
            0.02),
        new(NameOrigin.Surinamese, 0.10,
            P("Radjesh|Rajesh|Radjes, Sunil|Soenil, Ravi|Ravie, Anil|Aniel, Vikash|Vikas|Wikash, Ganesh|Ganesj, Sanjay|Sandjai, Kiran|Kieran, " +
              "Dinesh|Dinesj, Rakesh|Rakesj, Roy, Rudy|Rudie, Glenn|Glen, Marciano|Marchiano, Romano, Jermaine|Germaine, Clyde, Errol, " +
              "Ricardo|Rikardo, Orlando, Humphrey|Humfrey, Kenneth|Keneth, Winston, Edgar, Sergio|Serjio, Dwayne|Duane, Jurgen|Jurgan, " +
              "Soeprapto|Suprapto, Wagino|Waginno, Soekirno|Sukirno, Mohan|Mohun, Radjkoemar|Rajkumar|Radjkumar"),
            P("Shanti|Sjanti|Shanty, Anjali|Andjali, Roshni|Rosjni, Priya|Prija, Sita|Sieta, Kavita|Kawita, Usha|Oesha, Asha|Asja, " +
              "Sharmila|Sjarmila, Nirmala|Nirmalla, Dewi|Dewie, Sri|Srie, Wati|Watie, Sumintra|Soemintra, Indira|Indra, Reshma|Resjma, " +
              "Gwendolyn|Gwendolin, Melissa|Melisa, Shirley|Shirly, Jacqueline|Jaqueline, Sharon|Sjaron, Natasha|Natasja, Tamara, " +
              "Chanel|Shanel, Priscilla|Priscila, Giovanna|Jovanna, Rosita|Roosita, Marisca|Mariska, Shakira|Sjakira"),
            P("Ramdin|Ramdien, Jagesar|Jaggesar|Jagessar, Soekhoe|Sukhu|Soekhu, Ramsaran|Ramsarran, Mahabier|Mahabir, Bisoen|Bisun, " +
              "Kisoen|Kisun, Sewdien|Sewdin, Ramautar|Ramoutar, Baldewsingh|Baldewsing, Jairam|Djairam, Chotkan|Tjotkan, Doerga|Durga, " +
              "Bhagwandin|Bhagwandien, Kalka, Lachmon|Lachman, Mungra|Moengra, Nandoe|Nandu, Persad|Persaud, Sital|Sietal, Algoe|Algu, " +
              "Kartosen|Kartosin, Wongsodikromo|Wongsodikoromo, Pawirodikromo|Pawirodikoromo, Sastrowidjojo|Sastrowijoyo, Soemita|Sumita, " +
              "Kromodimedjo|Kromodimejo, Biswamitre|Biswamitra, Panka, Linger|Lingger, Macnack|Macknack, Pinas, Fernandes|Fernandez, " +
              "Eduards|Eduardz, Brunings|Bruinings, Lieveld|Lievelt, Vyent|Vijent, Sedney|Sedny, Zebeda|Zebedea, Kerpens|Kerpen"),
            0.0),
        new(NameOrigin.Polish, 0.07,
            P("Piotr|Pjotr, Krzysztof|Kristof, Tomasz|Tomas, Paweł|Pawel|Pavel, Michał|Michal, Marcin|Martin, Jakub|Jacob, Adam, " +
              "Łukasz|Lukasz|Lucas, Mateusz|Mateus, Kamil, Grzegorz|Gregor, Wojciech|Wojtek, Mariusz|Marius, Dariusz|Darius, Rafał|Rafal, " +
              "Aleksander|Alexander, Jan, Andrzej|Andrej, Sebastian|Sebastiaan"),
            P("Anna, Katarzyna|Katarzina, Małgorzata|Malgorzata, Agnieszka|Agnieska, Magdalena, Joanna|Johanna, Aleksandra|Alexandra, " +
              "Ewa|Eva, Monika|Monica, Karolina|Carolina, Justyna|Justina, Natalia|Natalja, Marta|Martha, Beata, Dorota, Paulina, " +
              "Zofia|Sofia, Weronika|Veronika, Julia, Kinga"),
            P("Nowak|Novak, Kowalski|Kowalsky|Kovalski, Wiśniewski|Wisniewski|Wisniewsky, Wójcik|Wojcik|Wojczik, Kowalczyk|Kovalczyk, " +
              "Kamiński|Kaminski|Kaminsky, Lewandowski|Lewandowsky, Zieliński|Zielinski|Zielinsky, Szymański|Szymanski, Woźniak|Wozniak, " +
              "Dąbrowski|Dabrowski, Kozłowski|Kozlowski, Jankowski|Jankowsky, Mazur, Kwiatkowski|Kwiatkowsky, Krawczyk|Krawczik, Piotrowski, " +
              "Grabowski|Grabowsky, Nowakowski, Pawłowski|Pawlowski, Michalski, Adamczyk|Adamczik, Dudek, Zając|Zajac, Wieczorek|Wieczoreck"),
            0.0),
        new(NameOrigin.Syrian, 0.06,
            P("Mohammad|Mohammed|Muhammad|Mohamad, Ahmad|Ahmed, Abdulrahman|Abdelrahman|Abdul Rahman, Omar|Umar, Khaled|Khalid, Ali, " +
              "Hussein|Hussain|Husein, Mahmoud|Mahmud|Mahmoed, Yousef|Yusuf|Youssef, Ibrahim, Ghassan|Gassan, Rami|Ramy, Bashar|Basjar, Fadi|Fady, " +
              "Samer|Samir, Tarek|Tariq, Walid|Waleed, Anas|Annas, Moayad|Muayad, Hamza, Abdullah|Abdallah, Majd|Majed, Firas|Feras, Nizar, Ammar|Amar"),
            P("Fatima|Fatema, Aya|Aja, Nour|Noor|Nur, Rania|Ranya, Layla|Leila|Laila, Maryam|Mariam, Hiba|Heba, Rasha|Rasja, Dima, " +
              "Lina|Leena, Reem|Rim, Zainab|Zeinab, Hala, Sara|Sarah, Yara|Jara, Rama, Alaa|Ala, Ghada|Gada, Amira|Amiera, Huda|Houda, Salam, Lama"),
            P("Al-Hassan|Alhassan|El Hassan|Al Hasan, Al-Ahmad|Alahmad|Al Ahmed, Al-Halabi|Alhalabi|Halabi, Al-Shami|Alshami|El Shami, " +
              "Al-Sayed|Alsayed|El Sayed, Haddad|Hadad, Khoury|Khouri|Choury, Mansour|Mansur, Darwish|Darwiesj, Hamdan|Hamdane, Ibrahim, " +
              "Al-Ali|Alali, Othman|Osman, Youssef|Yousef, Kassem|Qassem|Kasem, Najjar|Nadjar, Saleh|Salih, Abbas, Al-Khatib|Alkhatib, " +
              "Al-Masri|Almasri, Qasim|Kasim, Al-Omar|Alomar, Hamwi|Hamoui, Al-Hamoud|Alhamoud, Sabbagh|Sabbag, Jaber|Djaber, Al-Rifai|Alrifai, " +
              "Zaher|Zahir, Aziz, Al-Tamimi|Altamimi"),
            0.15),
    ];

    /// <summary>
    /// The long tail of surnames: real surname distributions have a few very common names and very many rare ones,
    /// so 45% of persons get a surname composed from these parts (first part + second part), which gives thousands of
    /// plausible rare surnames per origin instead of a handful of overused ones.
    /// </summary>
    internal static readonly Dictionary<NameOrigin, (string[] First, string[] Second)> SurnameTail = new()
    {
        [NameOrigin.Dutch] = (
            ["", "", "van ", "van der ", "van den ", "de ", "ter ", "ten ", "van de ", "Groen", "Hoog", "Klein", "Groot", "Oost", "West", "Noord", "Zuid", "Nieuw", "Oude", "Hol", "Ooster", "Wester", "Roze", "Lange", "Korte", "Breed", "Stein", "Eik", "Linde", "Wil"],
            ["berg", "dijk", "veen", "hof", "bosch", "meer", "kamp", "veld", "horst", "broek", "wijk", "beek", "zand", "laan", "hout", "brink", "stra", "inga", "ema", "man", "mans", "huis", "haar", "water", "land", "burg", "dam", "dorp", "kerk", "weg", "hoven", "rooij", "heuvel", "sloot", "vaart", "brug"]),
        [NameOrigin.Moroccan] = (
            ["El ", "Ben ", "Bou", "Ait ", "Ou", "Al ", "", "", "Abou ", "Ben", "El"],
            ["Hamdi", "Kaddouri", "Allali", "Yahyaoui", "Jaouhari", "Mernissi", "Tazi", "Ghazouani", "Filali", "Bakkouri", "Rifi", "Soussi", "Touzani", "Harrak", "Majdoubi", "Ouazzani", "Zerouali", "Kabbaj", "Lahlou", "Sbai", "Berrada", "Chafik", "Dahmani", "Echchaoui", "Fahmi", "Guennoun", "Haddaoui", "Jabri", "Khalfi", "Laabidi", "Maaroufi", "Nejjari", "Ouchen", "Rami", "Saadi", "Taoufik", "Ouariachi", "Yousfi", "Zaki", "Azzaoui"]),
        [NameOrigin.Turkish] = (
            ["Ak", "Kara", "Öz", "Kaya", "Demir", "Yıl", "Er", "Gül", "Taş", "Şen", "Ay", "Bal", "Can", "Çak", "Dur", "Gök", "Kurt", "Tok", "Uz", "Yel"],
            ["oğlu", "er", "can", "türk", "han", "soy", "kan", "taş", "dağ", "alp", "gün", "ay", "kaya", "öz", "men", "ci", "baş", "yol", "tepe", "su"]),
        [NameOrigin.Surinamese] = (
            ["Ram", "Jag", "Bis", "Kis", "Sew", "Mahab", "Bhag", "Chand", "Dew", "Har", "Kromo", "Wongso", "Pawiro", "Sastro", "Karto", "Sital", "Gan", "Pers", "Lal", "Moh"],
            ["din", "sar", "saran", "sing", "dew", "persad", "oe", "bali", "dat", "lal", "redjo", "semito", "wijoyo", "dikromo", "sahai", "kisoen", "jit", "nath", "pal", "rup"]),
        [NameOrigin.Polish] = (
            ["Kowal", "Nowa", "Wiśni", "Zieli", "Szyma", "Dąbro", "Kozło", "Jank", "Mazur", "Kwiat", "Krawc", "Pawło", "Michal", "Adam", "Wiecz", "Grab", "Sob", "Czarn", "Biel", "Król"],
            ["ski", "ewski", "owski", "czyk", "ak", "ek", "wicz", "iak", "ik", "ecki", "iński", "yński", "uk", "ów", "asz"]),
        [NameOrigin.Syrian] = (
            ["Al-", "Al ", "", "Abu ", "El ", "Bin ", "Al"],
            ["Hariri", "Atassi", "Jabri", "Kurdi", "Homsi", "Idlibi", "Dimashqi", "Hourani", "Zoubi", "Assaf", "Nahhas", "Dabbagh", "Khayat", "Attar", "Sharif", "Hakim", "Rashid", "Kayyali", "Mardini", "Akkad", "Tayeb", "Ghanem", "Qadri", "Sukkar", "Bitar", "Hallak", "Farra", "Jundi", "Kassab", "Rifai"]),
    };

    /// <summary>Short forms and nicknames a duplicate may carry instead of the formal given name.</summary>
    internal static readonly Dictionary<string, string[]> Nicknames = new(StringComparer.Ordinal)
    {
        ["Johannes"] = ["Jan", "Hans", "Johan"], ["Cornelis"] = ["Kees", "Cor"], ["Hendrik"] = ["Henk"], ["Wilhelmus"] = ["Wim", "Willem"],
        ["Petrus"] = ["Piet", "Peter"], ["Jacobus"] = ["Koos", "Jaap"], ["Gerardus"] = ["Gerard"], ["Adrianus"] = ["Arie", "Adrie"],
        ["Theodorus"] = ["Theo"], ["Elisabeth"] = ["Els", "Lisa"], ["Johanna"] = ["Anneke", "Hanneke"], ["Catharina"] = ["Toos", "Ineke"],
        ["Wilhelmina"] = ["Wilma"], ["Maria"] = ["Marie", "Mies"], ["Mohammed"] = ["Mo"], ["Mohammad"] = ["Mo"], ["Abdelkader"] = ["Kader"],
        ["Abdulrahman"] = ["Abdul"], ["Aleksander"] = ["Olek"], ["Katarzyna"] = ["Kasia"], ["Małgorzata"] = ["Gosia"], ["Ibrahim"] = ["Ibo"],
    };
}
