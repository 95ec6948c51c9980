using System.Text.Json;
using System.Text.RegularExpressions;

namespace Casus.Web.Features.Assessments;

public sealed record ScaleOption(int Value, string LabelNl, string LabelEn)
{
    public string Label(string language) => language == "nl" ? LabelNl : LabelEn;
}

public sealed record RatingScale(string Key, IReadOnlyList<ScaleOption> Options)
{
    public ScaleOption? Option(int value) => Options.FirstOrDefault(o => o.Value == value);
}

public sealed record TemplateItem(string Code, string TextNl, string TextEn, string Scale)
{
    public string Text(string language) => language == "nl" ? TextNl : TextEn;
}

public sealed record TemplateDomain(string Key, string NameNl, string NameEn, IReadOnlyList<TemplateItem> Items)
{
    public string Name(string language) => language == "nl" ? NameNl : NameEn;
}

public sealed record ProtectiveFactor(string Code, string TextNl, string TextEn)
{
    public string Text(string language) => language == "nl" ? TextNl : TextEn;
}

public sealed record SummaryOption(string Key, string LabelNl, string LabelEn)
{
    public string Label(string language) => language == "nl" ? LabelNl : LabelEn;
}

/// <summary>
/// What a template says, as an organisation writes it (docs/assessment-templates.md). Casus ships no items of
/// licensed instruments; a template is data that its owner loads and is responsible for.
/// </summary>
public sealed record TemplateDocument(
    string Key, int Version, string NameNl, string NameEn, bool RequiresCertification,
    IReadOnlyList<RatingScale> Scales, IReadOnlyList<TemplateDomain> Domains,
    IReadOnlyList<ProtectiveFactor> ProtectiveFactors, IReadOnlyList<SummaryOption> SummaryOptions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public IEnumerable<TemplateItem> Items => Domains.SelectMany(d => d.Items);

    public RatingScale ScaleOf(TemplateItem item) => Scales.Single(s => s.Key == item.Scale);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored definition (already checked when it was loaded).</summary>
    public static TemplateDocument FromStored(string json) => JsonSerializer.Deserialize<TemplateDocument>(json, Json)!;

    /// <summary>
    /// Reads and checks a template document. Every problem is reported (as a resource key with its arguments), so
    /// the person loading it can fix the file in one go; nothing is stored unless there are none.
    /// </summary>
    public static (TemplateDocument? Document, IReadOnlyList<TemplateProblem> Problems) Parse(string? json)
    {
        var problems = new List<TemplateProblem>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, [new("Template.Problem.Empty")]);
        }
        if (json.Length > TemplateRules.DocumentMax)
        {
            return (null, [new("Template.Problem.TooLarge", TemplateRules.DocumentMax)]);
        }
        TemplateFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TemplateFile>(json, Json);
        }
        catch (JsonException ex)
        {
            // The parser's position (line and byte) tells the author where to look; its wording is technical but exact.
            return (null, [new("Template.Problem.NotJson", ex.LineNumber is { } l ? l + 1 : 0, ex.Message)]);
        }
        if (file is null)
        {
            return (null, [new("Template.Problem.Empty")]);
        }

        Check(problems, file.Key, "key", TemplateRules.KeyMax, code: true);
        if (file.Version is null or < 1)
        {
            problems.Add(new("Template.Problem.Version"));
        }
        Check(problems, file.NameNl, "nameNl", TemplateRules.NameMax);
        Check(problems, file.NameEn, "nameEn", TemplateRules.NameMax);

        var scales = file.Scales ?? [];
        if (scales.Count == 0)
        {
            problems.Add(new("Template.Problem.NoScales"));
        }
        foreach (var (scale, i) in scales.Select((s, i) => (s, i)))
        {
            var where = $"scales[{i}]";
            Check(problems, scale.Key, where + ".key", TemplateRules.KeyMax, code: true);
            var options = scale.Options ?? [];
            if (options.Count < 2)
            {
                problems.Add(new("Template.Problem.ScaleOptions", scale.Key ?? where));
            }
            foreach (var (option, j) in options.Select((o, j) => (o, j)))
            {
                if (option.Value is null)
                {
                    problems.Add(new("Template.Problem.Missing", $"{where}.options[{j}].value"));
                }
                Check(problems, option.LabelNl, $"{where}.options[{j}].labelNl", TemplateRules.LabelMax);
                Check(problems, option.LabelEn, $"{where}.options[{j}].labelEn", TemplateRules.LabelMax);
            }
            Duplicates(problems, options.Where(o => o.Value is not null).Select(o => o.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                "Template.Problem.DuplicateOptionValue", scale.Key ?? where);
        }
        Duplicates(problems, scales.Select(s => s.Key), "Template.Problem.DuplicateScale");

        var domains = file.Domains ?? [];
        if (domains.Count == 0)
        {
            problems.Add(new("Template.Problem.NoDomains"));
        }
        foreach (var (domain, i) in domains.Select((d, i) => (d, i)))
        {
            var where = $"domains[{i}]";
            Check(problems, domain.Key, where + ".key", TemplateRules.KeyMax, code: true);
            Check(problems, domain.NameNl, where + ".nameNl", TemplateRules.NameMax);
            Check(problems, domain.NameEn, where + ".nameEn", TemplateRules.NameMax);
            var items = domain.Items ?? [];
            if (items.Count == 0)
            {
                problems.Add(new("Template.Problem.EmptyDomain", domain.Key ?? where));
            }
            foreach (var (item, j) in items.Select((x, j) => (x, j)))
            {
                var at = $"{where}.items[{j}]";
                Check(problems, item.Code, at + ".code", TemplateRules.KeyMax, code: true);
                Check(problems, item.TextNl, at + ".textNl", TemplateRules.TextMax);
                Check(problems, item.TextEn, at + ".textEn", TemplateRules.TextMax);
                if (string.IsNullOrWhiteSpace(item.Scale))
                {
                    problems.Add(new("Template.Problem.Missing", at + ".scale"));
                }
                else if (scales.All(s => s.Key != item.Scale))
                {
                    problems.Add(new("Template.Problem.UnknownScale", item.Code ?? at, item.Scale));
                }
            }
        }
        Duplicates(problems, domains.Select(d => d.Key), "Template.Problem.DuplicateDomain");
        Duplicates(problems, domains.SelectMany(d => d.Items ?? []).Select(x => x.Code), "Template.Problem.DuplicateItem");

        var factors = file.ProtectiveFactors ?? [];
        foreach (var (factor, i) in factors.Select((f, i) => (f, i)))
        {
            var at = $"protectiveFactors[{i}]";
            Check(problems, factor.Code, at + ".code", TemplateRules.KeyMax, code: true);
            Check(problems, factor.TextNl, at + ".textNl", TemplateRules.TextMax);
            Check(problems, factor.TextEn, at + ".textEn", TemplateRules.TextMax);
        }
        // Item codes and protective factor codes share one namespace, so a code in a comparison is never ambiguous.
        Duplicates(problems, [.. domains.SelectMany(d => d.Items ?? []).Select(x => x.Code), .. factors.Select(f => f.Code)], "Template.Problem.DuplicateFactor",
            only: factors.Select(f => f.Code).ToHashSet());

        var summary = file.SummaryOptions ?? [];
        if (summary.Count < 2)
        {
            problems.Add(new("Template.Problem.SummaryOptions"));
        }
        foreach (var (option, i) in summary.Select((o, i) => (o, i)))
        {
            var at = $"summaryOptions[{i}]";
            Check(problems, option.Key, at + ".key", TemplateRules.KeyMax, code: true);
            Check(problems, option.LabelNl, at + ".labelNl", TemplateRules.LabelMax);
            Check(problems, option.LabelEn, at + ".labelEn", TemplateRules.LabelMax);
        }
        Duplicates(problems, summary.Select(o => o.Key), "Template.Problem.DuplicateSummary");

        if (problems.Count > 0)
        {
            return (null, problems);
        }
        var document = new TemplateDocument(file.Key!.Trim(), file.Version!.Value, file.NameNl!.Trim(), file.NameEn!.Trim(), file.RequiresCertification ?? false,
            scales.Select(s => new RatingScale(s.Key!, s.Options!.Select(o => new ScaleOption(o.Value!.Value, o.LabelNl!.Trim(), o.LabelEn!.Trim())).ToList())).ToList(),
            domains.Select(d => new TemplateDomain(d.Key!, d.NameNl!.Trim(), d.NameEn!.Trim(),
                d.Items!.Select(x => new TemplateItem(x.Code!, x.TextNl!.Trim(), x.TextEn!.Trim(), x.Scale!)).ToList())).ToList(),
            factors.Select(f => new ProtectiveFactor(f.Code!, f.TextNl!.Trim(), f.TextEn!.Trim())).ToList(),
            summary.Select(o => new SummaryOption(o.Key!, o.LabelNl!.Trim(), o.LabelEn!.Trim())).ToList());
        return (document, []);
    }

    private static void Check(List<TemplateProblem> problems, string? value, string where, int max, bool code = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new("Template.Problem.Missing", where));
        }
        else if (value.Trim().Length > max)
        {
            problems.Add(new("Template.Problem.TooLong", where, max));
        }
        else if (code && !TemplateRules.CodePattern().IsMatch(value))
        {
            problems.Add(new("Template.Problem.Code", where, value));
        }
    }

    private static void Duplicates(List<TemplateProblem> problems, IEnumerable<string?> codes, string key, string? scope = null, HashSet<string?>? only = null)
    {
        foreach (var code in codes.Where(c => !string.IsNullOrWhiteSpace(c)).GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            if (only is null || only.Contains(code))
            {
                problems.Add(scope is null ? new(key, code!) : new(key, code!, scope));
            }
        }
    }

    // The file as written: everything optional, so a missing field is reported by name instead of failing to parse.
    private sealed record TemplateFile(string? Key, int? Version, string? NameNl, string? NameEn, bool? RequiresCertification,
        List<ScaleFile>? Scales, List<DomainFile>? Domains, List<FactorFile>? ProtectiveFactors, List<SummaryFile>? SummaryOptions);
    private sealed record ScaleFile(string? Key, List<OptionFile>? Options);
    private sealed record OptionFile(int? Value, string? LabelNl, string? LabelEn);
    private sealed record DomainFile(string? Key, string? NameNl, string? NameEn, List<ItemFile>? Items);
    private sealed record ItemFile(string? Code, string? TextNl, string? TextEn, string? Scale);
    private sealed record FactorFile(string? Code, string? TextNl, string? TextEn);
    private sealed record SummaryFile(string? Key, string? LabelNl, string? LabelEn);
}

/// <summary>One problem with a template document: a resource key and the values it names.</summary>
public sealed record TemplateProblem(string Key, params object[] Args);

public static partial class TemplateRules
{
    public const int KeyMax = 60;
    public const int NameMax = 200;
    public const int LabelMax = 100;
    public const int TextMax = 500;
    public const int NoteMax = 500;
    public const int DocumentMax = 200_000;
    public const int DomainNoteMax = 2000;
    public const int RationaleMax = 4000;

    /// <summary>Keys and codes: letters, digits, '-', '_' and '.'; they appear in form field names and in comparisons.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    public static partial Regex CodePattern();
}
