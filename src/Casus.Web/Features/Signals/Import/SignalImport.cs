using System.Diagnostics;
using System.Globalization;
using Casus.Linkage.Dedup;
using Casus.Linkage.Evaluation;
using Casus.Linkage.Normalisation;
using Casus.Linkage.Scoring;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals.Import;

/// <summary>Why a row joins another row's person, or a person already in Casus.</summary>
public sealed record ImportLink(int Row, int? OtherRow, Guid? ExistingSignalId, string? ExistingReference, Guid? ExistingPersonId, double Score,
    IReadOnlyList<string> Reasons);

/// <summary>What the import would do: per valid row the row whose person it joins (itself when none) and why.</summary>
public sealed class ImportPlan
{
    public required IReadOnlyList<ImportRow> Rows { get; init; }
    public required IReadOnlyList<SignalSubject> Subjects { get; init; }
    /// <summary>Per row the first row of its cluster (the rows the batch deduplication linked).</summary>
    public required IReadOnlyList<int> ClusterOf { get; init; }
    /// <summary>Per row that is not the first of its cluster: its strongest link inside the cluster.</summary>
    public required IReadOnlyDictionary<int, ImportLink> RowLinks { get; init; }
    /// <summary>Per cluster (by first row) a person already in Casus it joins: the best match of any of its rows.</summary>
    public required IReadOnlyDictionary<int, ImportLink> ExistingLinks { get; init; }
    public required DedupResult Dedup { get; init; }
    public required TimeSpan LinkageTime { get; init; }
    public required int ExistingCompared { get; init; }

    public int Persons => ClusterOf.Where((root, i) => root == i && !ExistingLinks.ContainsKey(i)).Count();

    public IReadOnlyList<IReadOnlyList<int>> Clusters => Dedup.Clusters();
}

/// <summary>
/// The import of earlier records (a municipality moving from spreadsheets): reads and validates a CSV file, links and
/// deduplicates its rows with Casus.Linkage and against the municipality's signals, reports what it would do, and
/// with commit stores every valid row as a signal (source Import) in one transaction through the same path as
/// registration. Linked rows end on one person, each link a <see cref="PersonMerge"/> a coordinator can undo.
/// </summary>
/// <remarks>
/// The report names rows by their line in the file and links by reason codes, never by a name or a national id: the
/// operator has the file, and a terminal's scrollback or a pasted report should not hold personal data. Dates that
/// fail to parse are quoted, because without them the reason is hard to act on.
/// </remarks>
public sealed class SignalImport(IndicatorCatalogues catalogues, CasusDbContext db, RegisterSignal register, PersonDataProtector protector, BlindIndex blindIndex,
    IPersonMatcher matcher, IProcessingLogger log, TimeProvider time, NationalProfile profile)
{
    /// <summary>Rows saved per statement batch; all batches are inside one transaction.</summary>
    public const int RowsPerSave = 100;

    /// <summary>Runs the import as the settings say and writes the report; returns the exit code (0 done, 1 nothing valid or failed, 2 usage).</summary>
    public async Task<int> RunAsync(ImportSettings settings, TextWriter output, CancellationToken ct = default)
    {
        var municipality = await FindMunicipalityAsync(settings.Municipality, ct);
        if (municipality is null)
        {
            await output.WriteLineAsync($"No single municipality is called or has the id '{settings.Municipality}'.");
            return 2;
        }
        ImportFileContent content;
        try
        {
            using var reader = new StreamReader(settings.File, settings.ResolveEncoding(), detectEncodingFromByteOrderMarks: true);
            content = ImportFile.Read(reader, settings, municipality.Id, profile, catalogues.Current(profile), time);
        }
        catch (Exception ex) when (ex is ImportUsageException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await output.WriteLineAsync(ex.Message);
            return 2;
        }

        string fileHash;
        await using (var file = File.OpenRead(settings.File))
        {
            fileHash = blindIndex.Compute("import-file", Convert.ToHexString(await System.Security.Cryptography.SHA256.HashDataAsync(file, ct)));
        }
        var earlier = await db.Set<SignalImportRun>().AsNoTracking()
            .Where(r => r.MunicipalityId == municipality.Id && r.FileHash == fileHash).ToListAsync(ct);

        var w = new Report(output);
        w.Line($"Import of earlier records into {municipality.Name}: {(settings.Commit ? "COMMIT" : "DRY RUN (nothing is written; add --commit to import)")}");
        foreach (var run in earlier.OrderBy(r => r.ImportedAt))
        {
            w.Line($"This file was imported into {municipality.Name} before, on {run.ImportedAt:yyyy-MM-dd HH:mm} UTC ({run.Signals} signals).");
        }
        if (earlier.Count > 0 && settings.Commit && !settings.Again)
        {
            w.Line("Nothing was imported: importing it again would register every row a second time. Give --again if that is what you want.");
            return 1;
        }
        w.Line($"File: {settings.File} ({settings.Encoding}, delimiter '{(content.Delimiter == "\t" ? "\\t" : content.Delimiter)}')");
        w.Line($"Columns: {string.Join(", ", content.MappedHeaders.OrderBy(c => ImportFields.All.ToList().IndexOf(c.Key)).Select(c => $"{c.Key}={c.Value}"))}");
        w.Line($"Rows read: {content.RowsRead}");
        w.Line($"Rows valid: {content.Valid.Count}");
        w.Line($"Bad rows (skipped): {content.Bad.Count}");
        foreach (var bad in content.Bad)
        {
            w.Line($"  line {bad.Line}: {bad.Reason}");
        }
        if (content.Valid.Count == 0)
        {
            w.Line("Nothing to import.");
            return 1;
        }

        var plan = await PlanAsync(content.Valid, municipality.Id, ct);
        WriteLinkage(w, plan, settings.Examples);
        var existingPersons = plan.ExistingLinks.Values.Select(l => l.ExistingPersonId!.Value).Distinct().ToList();
        if (!settings.Commit)
        {
            if (existingPersons.Count > 0)
            {
                // Their signals were decrypted and compared: that is processing, even in a dry run.
                await log.RecordAsync(SignalActivities.Signals, "import-dry-run", existingPersons.Select(SignalActivities.Subject).ToList(), ct);
            }
            w.Line($"Would create {plan.Rows.Count} signals (source Import) on {plan.Persons} new persons; "
                + $"{plan.Rows.Count - plan.Persons} signals would join another row's person or a person already in Casus.");
            return 0;
        }
        try
        {
            var links = await CommitAsync(plan, existingPersons, new SignalImportRun
            {
                MunicipalityId = municipality.Id, FileHash = fileHash, ImportedAt = time.GetUtcNow(), Signals = plan.Rows.Count,
            }, ct);
            w.Line($"Imported {plan.Rows.Count} signals (source Import) on {plan.Persons} new persons, in one transaction; "
                + $"{links} links recorded, each of which a coordinator can undo on the signal's page.");
            return 0;
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or OperationCanceledException or ProcessingLogUnavailableException)
        {
            w.Line($"The import failed and was rolled back; nothing was imported. {ex.GetBaseException().Message}");
            return 1;
        }
    }

    private async Task<Municipality?> FindMunicipalityAsync(string nameOrId, CancellationToken ct)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        }
        var all = await db.Municipalities.AsNoTracking().ToListAsync(ct);
        var named = all.Where(m => string.Equals(m.Name, nameOrId.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>Links the rows among themselves (batch deduplication) and with the municipality's signals (keyed blocking hashes).</summary>
    public async Task<ImportPlan> PlanAsync(IReadOnlyList<ImportRow> rows, Guid municipalityId, CancellationToken ct)
    {
        var subjects = rows.Select(r => RegisterSignal.ToSubject(r.Input)).ToList();
        var stopwatch = Stopwatch.StartNew();
        var prepared = subjects.Select((s, i) => PreparedPerson.Prepare(LibraryPersonMatcher.ToRecord(s, i.ToString(CultureInfo.InvariantCulture)))).ToArray();
        var dedup = Deduplicator.Run(prepared);
        stopwatch.Stop();

        var frequencies = NameFrequencies.From(prepared);
        // Per row its strongest link; a row that is not the first of its cluster joins that row's person for that reason.
        var best = new Dictionary<int, ScoredPair>();
        foreach (var link in dedup.Links)
        {
            foreach (var row in new[] { link.First, link.Second })
            {
                if (!best.TryGetValue(row, out var current) || link.Score > current.Score)
                {
                    best[row] = link;
                }
            }
        }
        var rowLinks = new Dictionary<int, ImportLink>();
        foreach (var (row, link) in best.Where(b => dedup.ClusterOf[b.Key] != b.Key))
        {
            var other = link.First == row ? link.Second : link.First;
            rowLinks[row] = new ImportLink(row, other, null, null, null, link.Score, Reasons(prepared[row], prepared[other], frequencies));
        }

        var (existingLinks, compared) = await MatchExistingAsync(subjects, dedup.ClusterOf, municipalityId, ct);
        return new ImportPlan
        {
            Rows = rows, Subjects = subjects, ClusterOf = dedup.ClusterOf, RowLinks = rowLinks, ExistingLinks = existingLinks,
            Dedup = dedup, LinkageTime = stopwatch.Elapsed, ExistingCompared = compared,
        };
    }

    private static List<string> Reasons(PreparedPerson a, PreparedPerson b, NameFrequencies frequencies) =>
        LinkageScorer.Default.Explain(a, b, frequencies).Reasons.Where(r => r.Reason != MatchReason.None).Select(r => r.Reason.ToString()).ToList();

    /// <summary>
    /// Candidates among the municipality's signals are found as on the signal page: rows and signals that share a keyed
    /// blocking hash, at most <see cref="SignalLinking.MaxCompared"/> per row, compared on decrypted values; a cluster
    /// joins the best match at or above the library's threshold (a "likely" candidate on the signal page).
    /// </summary>
    private async Task<(Dictionary<int, ImportLink> Links, int Compared)> MatchExistingAsync(List<SignalSubject> subjects,
        IReadOnlyList<int> clusterOf, Guid municipalityId, CancellationToken ct)
    {
        var keys = await (from k in db.Set<SignalLinkKey>()
                          join s in db.Set<Signal>() on k.SignalId equals s.Id
                          where s.MunicipalityId == municipalityId
                          select new { k.Kind, k.Hash, k.SignalId }).AsNoTracking().ToListAsync(ct);
        var links = new Dictionary<int, ImportLink>();
        if (keys.Count == 0)
        {
            return (links, 0);
        }
        var bucket = keys.GroupBy(k => (k.Kind, k.Hash)).ToDictionary(g => g.Key, g => g.Select(k => k.SignalId).ToList());
        var candidatesOf = new List<Guid>[subjects.Count];
        for (var i = 0; i < subjects.Count; i++)
        {
            candidatesOf[i] = matcher.BlockingKeys(subjects[i]).Distinct()
                .SelectMany(k => bucket.GetValueOrDefault((k.Kind, blindIndex.Compute(k.Kind, k.Value))) ?? [])
                .GroupBy(id => id).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(SignalLinking.MaxCompared).ToList();
        }
        var ids = candidatesOf.SelectMany(c => c).Distinct().ToList();
        var existing = new Dictionary<Guid, (Signal Signal, SignalSubject Subject)>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var signal in await db.Set<Signal>().AsNoTracking().Where(s => chunk.Contains(s.Id)).ToListAsync(ct))
            {
                try
                {
                    existing[signal.Id] = (signal, await DecryptSubjectAsync(signal, ct));
                }
                catch (PersonDataShreddedException)
                {
                    // A shredded person is never linked again.
                }
            }
        }
        for (var i = 0; i < subjects.Count; i++)
        {
            foreach (var id in candidatesOf[i])
            {
                if (!existing.TryGetValue(id, out var other))
                {
                    continue;
                }
                var score = matcher.Compare(subjects[i], other.Subject);
                var root = clusterOf[i];
                if (score.Score >= LibraryPersonMatcher.LikelyFrom && (!links.TryGetValue(root, out var best) || score.Score > best.Score))
                {
                    links[root] = new ImportLink(i, null, other.Signal.Id, other.Signal.Reference, other.Signal.PersonId, score.Score,
                        score.Reasons.Select(r => r.Code).ToList());
                }
            }
        }
        return (links, ids.Count);
    }

    private async Task<SignalSubject> DecryptSubjectAsync(Signal signal, CancellationToken ct) =>
        System.Text.Json.JsonSerializer.Deserialize<SignalSubject>(
            await protector.DecryptAsync(signal.DataKeyId, SignalFields.Subject, signal.SubjectCiphertext, ct), SignalRules.Json) ?? new SignalSubject();

    private static void WriteLinkage(Report w, ImportPlan plan, int examples)
    {
        var clusters = plan.Clusters;
        var seconds = Math.Max(plan.LinkageTime.TotalSeconds, 1e-6);
        w.Line($"Linkage (Casus.Linkage, threshold {LinkageScorer.Default.Threshold:0}): {plan.Dedup.Links.Count} linked pairs, "
            + $"{plan.Dedup.ComparedPairs} pairs compared; {clusters.Count} clusters of rows ({clusters.Sum(c => c.Count)} rows in them, "
            + $"largest {(clusters.Count == 0 ? 0 : clusters.Max(c => c.Count))})");
        w.Line($"Linkage speed: {plan.Rows.Count} records in {plan.LinkageTime.TotalSeconds:0.000} s = {plan.Rows.Count / seconds:0} records/s");
        w.Line($"Matches with signals already in Casus: {plan.ExistingLinks.Count} clusters or rows join a known person "
            + $"({plan.ExistingCompared} signals compared)");
        w.Line($"Distinct persons: {plan.ClusterOf.Distinct().Count()} in the file; {plan.Persons} new");
        if (clusters.Count > 0 || plan.ExistingLinks.Count > 0)
        {
            w.Line($"Examples (file lines and reason codes; no names are printed):");
        }
        foreach (var cluster in clusters.Take(examples))
        {
            var lines = string.Join(", ", cluster.Select(i => plan.Rows[i].Line));
            var why = string.Join("; ", cluster.Skip(1).Select(i => plan.RowLinks[i]).Select(l =>
                $"line {plan.Rows[l.Row].Line} ~ line {plan.Rows[l.OtherRow!.Value].Line} (score {l.Score:0.0}: {string.Join(", ", l.Reasons)})"));
            w.Line($"  lines {lines}: {why}");
        }
        foreach (var link in plan.ExistingLinks.Values.Take(examples))
        {
            w.Line($"  line {plan.Rows[link.Row].Line} ~ signal {link.ExistingReference} in Casus (score {link.Score:0.0}: {string.Join(", ", link.Reasons)})");
        }
        if (plan.Rows.All(r => r.Truth is not null))
        {
            var labels = new Dictionary<string, int>(StringComparer.Ordinal);
            var entities = plan.Rows.Select(r => labels.TryGetValue(r.Truth!, out var e) ? e : labels[r.Truth!] = labels.Count).ToList();
            var pairs = LinkageEvaluation.FromLinks(plan.Dedup.Links, entities, LinkageScorer.Default.Threshold);
            var clustered = LinkageEvaluation.FromClusters(plan.ClusterOf, entities);
            w.Line($"Quality against the truth column ({labels.Count} true persons, {LinkageEvaluation.CountTruePairs(entities)} true pairs among the valid rows):");
            w.Line($"  linked pairs: {Figures(pairs)}");
            w.Line($"  clusters:     {Figures(clustered)}");
        }
    }

    private static string Figures(PairwiseQuality q) => string.Create(CultureInfo.InvariantCulture,
        $"precision {q.Precision:0.0000}  recall {q.Recall:0.0000}  F1 {q.F1:0.0000}  (TP {q.TruePositives}, FP {q.FalsePositives}, FN {q.FalseNegatives})");

    /// <summary>
    /// One transaction for every row: a failure or a cancellation at any row rolls all of them back. The processing is
    /// recorded first (as registration does), outside the transaction: the log is written on its own connection, and on
    /// SQLite it could not take the write lock this transaction holds.
    /// </summary>
    private async Task<int> CommitAsync(ImportPlan plan, List<Guid> existingPersons, SignalImportRun run, CancellationToken ct)
    {
        var personIds = plan.Rows.Select(_ => Guid.CreateVersion7()).ToArray();
        await log.RecordAsync(SignalActivities.Signals, "import", personIds.Select(SignalActivities.Subject).ToList(), ct);
        if (existingPersons.Count > 0)
        {
            await log.RecordAsync(SignalActivities.Signals, "link", existingPersons.Select(SignalActivities.Subject).ToList(), ct);
        }
        var now = time.GetUtcNow();
        var links = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < plan.Rows.Count; i++)
        {
            var row = plan.Rows[i];
            var signal = await register.AddAsync(row.Input, SignalSource.Import, personIds[i], s => s.ReceivedAt = row.ReceivedAt ?? s.ReceivedAt, ct);
            var root = plan.ClusterOf[i];
            // The first row of a cluster keeps its person unless it joins one already in Casus; every other row joins.
            var link = plan.ExistingLinks.TryGetValue(root, out var existing) && (i == root || !plan.RowLinks.ContainsKey(i)) ? existing
                : plan.RowLinks.GetValueOrDefault(i);
            var into = existing?.ExistingPersonId ?? personIds[root];
            if (into != personIds[i] && link is not null)
            {
                signal.PersonId = into;
                db.Add(new SignalEvent { SignalId = signal.Id, At = now, Kind = SignalEventKind.Linked });
                db.Add(new PersonMerge
                {
                    FromPersonId = personIds[i], IntoPersonId = into, SignalIds = signal.Id.ToString(), Score = link.Score,
                    Reasons = string.Join(';', link.Reasons), DecidedBy = PersonMerge.ByImport, DecidedAt = now,
                });
                links++;
            }
            if ((i + 1) % RowsPerSave == 0)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        db.Add(run);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return links;
    }

    private sealed class Report(TextWriter output)
    {
        public void Line(string text) => output.WriteLine(text);
    }
}
