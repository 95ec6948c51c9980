using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

public sealed record LinkCandidate(Guid SignalId, string Reference, Guid PersonId, string Name, string? DateOfBirth, string MunicipalityName,
    string? ReporterOrganisationName, DateTimeOffset ReceivedAt, double Score, bool Likely, IReadOnlyList<LinkReason> Reasons,
    SignalSource Source = SignalSource.Professional)
{
    /// <summary>The candidate person's cases (references), when the coordinator runs them: "known from a case".</summary>
    public IReadOnlyList<CaseLink> Cases { get; init; } = [];
}

/// <summary>A case of a person, as linkage shows it: its page and reference (no content).</summary>
public sealed record CaseLink(Guid Id, string Reference);

public sealed record KnownSignal(Guid SignalId, string Reference, DateTimeOffset ReceivedAt, string? ReporterOrganisationName, SignalSource Source);

public sealed record MergeInfo(Guid Id, DateTimeOffset DecidedAt, string DecidedBy, IReadOnlyList<string> References);

/// <summary>What the coordinator sees about linkage on one signal.</summary>
public sealed record LinkageView(IReadOnlyList<KnownSignal> KnownFrom, IReadOnlyList<LinkCandidate> Candidates, IReadOnlyList<MergeInfo> Merges)
{
    /// <summary>The cases of this signal's person that the coordinator runs.</summary>
    public IReadOnlyList<CaseLink> Cases { get; init; } = [];
}

/// <summary>
/// Linkage between signals already in Casus — never a search in partners' own records. Candidates are found through
/// the keyed hashes of blocking keys, only among signals the coordinator's inbox covers, then compared on values
/// decrypted in memory. The coordinator confirms (the signals join one person), rejects (not proposed again) or
/// later undoes a link; every decision is recorded and reversible.
/// </summary>
public sealed class SignalLinking(CasusDbContext db, SignalAccess access, SignalQueries queries, IPersonMatcher matcher,
    IProcessingLogger log, ICurrentUser me, TimeProvider time, Cases.CaseAccess cases)
{
    /// <summary>At most this many signals sharing a blocking key are compared (the most keys shared first).</summary>
    public const int MaxCompared = 500;
    public const int MaxProposed = 10;

    public async Task<Result<LinkageView>> ViewAsync(Guid signalId, CancellationToken ct = default)
    {
        var signal = await access.Inbox().AsNoTracking().SingleOrDefaultAsync(s => s.Id == signalId, ct);
        if (signal is null)
        {
            return AppError.NotFound();
        }
        var known = await (from s in access.Inbox().AsNoTracking()
                           where s.PersonId == signal.PersonId && s.Id != signal.Id
                           join o in db.Organisations on s.ReporterOrganisationId equals o.Id into orgs
                           from o in orgs.DefaultIfEmpty()
                           orderby s.ReceivedAt
                           select new KnownSignal(s.Id, s.Reference, s.ReceivedAt, o == null ? null : o.Name, s.Source)).ToListAsync(ct);
        var candidates = await CandidatesAsync(signal, ct);
        var merges = await MergesAsync(signal.PersonId, ct);
        var shown = candidates.Select(c => c.PersonId).Distinct().Select(SignalActivities.Subject).ToList();
        if (shown.Count > 0)
        {
            await log.RecordReadAsync(SignalActivities.Signals, "link-candidates", shown, ct);
        }
        var personIds = candidates.Select(c => c.PersonId).Append(signal.PersonId).Distinct().ToList();
        var casesOf = (await cases.Run().AsNoTracking().Where(c => personIds.Contains(c.PersonId)).OrderBy(c => c.OpenedAt)
                .Select(c => new { c.PersonId, c.Id, c.Reference }).ToListAsync(ct))
            .ToLookup(c => c.PersonId, c => new CaseLink(c.Id, c.Reference));
        return new LinkageView(known, candidates.Select(c => c with { Cases = casesOf[c.PersonId].ToList() }).ToList(), merges)
        {
            Cases = casesOf[signal.PersonId].ToList(),
        };
    }

    private async Task<IReadOnlyList<LinkCandidate>> CandidatesAsync(Signal signal, CancellationToken ct)
    {
        var keys = db.Set<SignalLinkKey>().Where(k => k.SignalId == signal.Id);
        var rejected = db.Set<LinkRejection>().Where(r => r.SignalId == signal.Id).Select(r => r.CandidateSignalId);
        var inbox = access.Inbox();
        var candidateIds = await db.Set<SignalLinkKey>()
            .Where(k => keys.Any(mine => mine.Kind == k.Kind && mine.Hash == k.Hash) && k.SignalId != signal.Id)
            .Where(k => inbox.Any(s => s.Id == k.SignalId && s.PersonId != signal.PersonId) && !rejected.Contains(k.SignalId))
            .GroupBy(k => k.SignalId)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .Take(MaxCompared)
            .ToListAsync(ct);
        if (candidateIds.Count == 0)
        {
            return [];
        }
        var subject = await queries.DecryptSubjectAsync(signal, ct);
        var others = await inbox.AsNoTracking().Where(s => candidateIds.Contains(s.Id)).ToListAsync(ct);
        var municipalityIds = others.Select(o => o.MunicipalityId).Distinct().ToList();
        var organisationIds = others.Select(o => o.ReporterOrganisationId).OfType<Guid>().Distinct().ToList();
        var municipalities = await db.Municipalities.Where(m => municipalityIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var organisations = await db.Organisations.Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var scored = new List<LinkCandidate>();
        foreach (var other in others)
        {
            var theirs = await queries.DecryptSubjectAsync(other, ct);
            var score = matcher.Compare(subject, theirs);
            if (score.Score >= matcher.ProposeFrom)
            {
                scored.Add(new LinkCandidate(other.Id, other.Reference, other.PersonId, theirs.DisplayName, theirs.DateOfBirth?.ToString(),
                    municipalities.GetValueOrDefault(other.MunicipalityId, ""),
                    other.ReporterOrganisationId is { } o ? organisations.GetValueOrDefault(o) : null, other.ReceivedAt,
                    score.Score, score.Score >= LibraryPersonMatcher.LikelyFrom, score.Reasons, other.Source));
            }
        }
        // One proposal per person: the best-scoring of their signals.
        return scored.GroupBy(c => c.PersonId).Select(g => g.MaxBy(c => c.Score)!).OrderByDescending(c => c.Score).Take(MaxProposed).ToList();
    }

    /// <summary>Joins this signal's person (with all their signals) to the candidate's person.</summary>
    public async Task<Result<MergeInfo>> ConfirmAsync(Guid signalId, Guid candidateSignalId, CancellationToken ct = default)
    {
        var inbox = access.Inbox();
        var signal = await inbox.SingleOrDefaultAsync(s => s.Id == signalId, ct);
        var candidate = await inbox.AsNoTracking().SingleOrDefaultAsync(s => s.Id == candidateSignalId, ct);
        if (signal is null || candidate is null)
        {
            return AppError.NotFound();
        }
        if (signal.PersonId == candidate.PersonId)
        {
            return new AppError("already_linked", StatusCodes.Status409Conflict, "Linkage.AlreadyLinked");
        }
        // A case belongs to one person: the person who moves must not take a case away from under the other one.
        if (await db.Set<Cases.Case>().AnyAsync(c => c.PersonId == signal.PersonId, ct))
        {
            return new AppError("person_has_case", StatusCodes.Status409Conflict, "Linkage.PersonHasCase");
        }
        var score = matcher.Compare(await queries.DecryptSubjectAsync(signal, ct), await queries.DecryptSubjectAsync(candidate, ct));
        var moving = await db.Set<Signal>().Where(s => s.PersonId == signal.PersonId).ToListAsync(ct);
        var now = time.GetUtcNow();
        var merge = new PersonMerge
        {
            FromPersonId = signal.PersonId, IntoPersonId = candidate.PersonId, SignalIds = string.Join(';', moving.Select(s => s.Id)),
            Score = score.Score, Reasons = string.Join(';', score.Reasons.Select(r => r.Code)), DecidedBy = me.UserId!.Value, DecidedAt = now,
        };
        await log.RecordAsync(SignalActivities.Signals, "link", [SignalActivities.Subject(signal.PersonId), SignalActivities.Subject(candidate.PersonId)], ct);
        foreach (var s in moving)
        {
            s.PersonId = candidate.PersonId;
            db.Add(new SignalEvent { SignalId = s.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = SignalEventKind.Linked });
        }
        db.Add(merge);
        await db.SaveChangesAsync(ct);
        return new MergeInfo(merge.Id, now, "", moving.Select(s => s.Reference).ToList());
    }

    /// <summary>"Not the same person": neither signal proposes the other again.</summary>
    public async Task<Result<bool>> RejectAsync(Guid signalId, Guid candidateSignalId, CancellationToken ct = default)
    {
        var inbox = access.Inbox();
        if (!await inbox.AnyAsync(s => s.Id == signalId, ct) || !await inbox.AnyAsync(s => s.Id == candidateSignalId, ct))
        {
            return AppError.NotFound();
        }
        var now = time.GetUtcNow();
        foreach (var (a, b) in new[] { (signalId, candidateSignalId), (candidateSignalId, signalId) })
        {
            if (!await db.Set<LinkRejection>().AnyAsync(r => r.SignalId == a && r.CandidateSignalId == b, ct))
            {
                db.Add(new LinkRejection { SignalId = a, CandidateSignalId = b, DecidedBy = me.UserId!.Value, DecidedAt = now });
            }
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Undoes a confirmed link: exactly the signals that moved go back to their earlier person.</summary>
    public async Task<Result<bool>> UndoAsync(Guid mergeId, CancellationToken ct = default)
    {
        var merge = await db.Set<PersonMerge>().SingleOrDefaultAsync(m => m.Id == mergeId && m.UndoneAt == null, ct);
        var ids = merge?.SignalIds.Split(';').Select(Guid.Parse).ToList() ?? [];
        var moved = await access.Inbox().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        if (merge is null || moved.Count == 0)
        {
            return AppError.NotFound();
        }
        // A signal that has since become part of a case stays with the case's person.
        if (moved.Any(s => s.CaseId is not null))
        {
            return new AppError("linked_to_case", StatusCodes.Status409Conflict, "Linkage.UndoInCase");
        }
        var now = time.GetUtcNow();
        await log.RecordAsync(SignalActivities.Signals, "unlink", [SignalActivities.Subject(merge.FromPersonId), SignalActivities.Subject(merge.IntoPersonId)], ct);
        foreach (var s in moved.Where(s => s.PersonId == merge.IntoPersonId))
        {
            s.PersonId = merge.FromPersonId;
            db.Add(new SignalEvent { SignalId = s.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = SignalEventKind.Unlinked });
        }
        merge.UndoneAt = now;
        merge.UndoneBy = me.UserId;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<IReadOnlyList<MergeInfo>> MergesAsync(Guid personId, CancellationToken ct)
    {
        var merges = await db.Set<PersonMerge>().AsNoTracking().Where(m => m.IntoPersonId == personId && m.UndoneAt == null).OrderBy(m => m.DecidedAt).ToListAsync(ct);
        var userIds = merges.Select(m => m.DecidedBy).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var result = new List<MergeInfo>();
        foreach (var m in merges)
        {
            var ids = m.SignalIds.Split(';').Select(Guid.Parse).ToList();
            var references = await db.Set<Signal>().Where(s => ids.Contains(s.Id)).Select(s => s.Reference).ToListAsync(ct);
            // A link made by the import has no user: the page shows "Import (earlier records)" for an empty name.
            result.Add(new MergeInfo(m.Id, m.DecidedAt, m.DecidedBy == PersonMerge.ByImport ? "" : users.GetValueOrDefault(m.DecidedBy, ""), references));
        }
        return result;
    }
}
