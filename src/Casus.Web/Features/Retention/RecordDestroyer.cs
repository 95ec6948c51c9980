using Casus.Web.Features.Assessments;
using Casus.Web.Features.Cases;
using Casus.Web.Features.Signals;
using Casus.Web.Features.Weighing;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Retention;

/// <summary>
/// The one way Casus destroys a person's records, for retention and for a granted erasure alike: identifying data and
/// free text are emptied, attachments and linkage hashes deleted, and every data key involved shredded, so each copy
/// of the data is unreadable (and, once the key-encryption key is retired, each backup too). The rows stay as
/// tombstones — reference, municipality, phenomenon, dates, outcome — so figures still count them and the log still
/// points somewhere. Only tracked changes: the caller's one SaveChanges makes it all happen, or none of it.
/// </summary>
public sealed class RecordDestroyer(CasusDbContext db, PersonDataProtector protector)
{
    /// <summary>Destroys these signals and, when given, the case they belong to (with its timeline texts and assessment results).</summary>
    public async Task DestroyAsync(IReadOnlyList<Signal> signals, Case? @case, DateTimeOffset now, CancellationToken ct)
    {
        var signalIds = signals.Select(s => s.Id).ToList();
        var keys = new HashSet<Guid>(signals.Select(s => s.DataKeyId));
        foreach (var s in signals)
        {
            s.SubjectCiphertext = "";
            s.NarrativeCiphertext = "";
            s.FollowUpCodeHash = null;
            s.DestroyedAt = now;
            s.Version = Guid.NewGuid();
        }
        foreach (var e in await db.Set<SignalEvent>().Where(e => signalIds.Contains(e.SignalId) && e.DetailCiphertext != null).ToListAsync(ct))
        {
            e.DetailCiphertext = null;
        }
        // Linkage hashes would still tie a new signal to this person: they go as well.
        db.RemoveRange(await db.Set<SignalLinkKey>().Where(k => signalIds.Contains(k.SignalId)).ToListAsync(ct));
        var attachments = await db.Set<SignalAttachment>().Where(a => signalIds.Contains(a.SignalId)).ToListAsync(ct);
        foreach (var attachment in attachments)
        {
            // Removed by key: the encrypted file itself is never loaded to be deleted.
            db.Remove(new SignalAttachmentContent { AttachmentId = attachment.Id, Ciphertext = [] });
        }
        db.RemoveRange(attachments);

        var decisionIds = await db.Set<WeighingDecisionSignal>().Where(d => signalIds.Contains(d.SignalId)).Select(d => d.DecisionId).ToListAsync(ct);
        foreach (var d in await db.Set<WeighingDecision>().Where(d => signalIds.Contains(d.SignalId) || decisionIds.Contains(d.Id)).ToListAsync(ct))
        {
            keys.Add(d.DataKeyId);
            d.ProportionalityCiphertext = "";
            d.SubsidiarityCiphertext = "";
            d.RejectionReasonCiphertext = null;
        }
        if (@case is not null)
        {
            keys.Add(@case.DataKeyId);
            @case.DestroyedAt = now;
            @case.Version = Guid.NewGuid();
            foreach (var e in await db.Set<CaseEvent>().Where(e => e.CaseId == @case.Id && e.DetailCiphertext != null).ToListAsync(ct))
            {
                e.DetailCiphertext = null;
            }
            foreach (var a in await db.Set<Assessment>().Where(a => a.CaseId == @case.Id).ToListAsync(ct))
            {
                a.ResultCiphertext = "";
            }
        }
        foreach (var key in keys)
        {
            await protector.ShredAsync(key, ct);
        }
    }

    /// <summary>Everything about one person that is not destroyed yet: each case with its signals, and the signals of no case.</summary>
    public async Task<int> DestroyPersonAsync(Guid personId, DateTimeOffset now, CancellationToken ct)
    {
        var signals = await db.Set<Signal>().Where(s => s.PersonId == personId && s.DestroyedAt == null).ToListAsync(ct);
        var cases = await db.Set<Case>().Where(c => c.PersonId == personId && c.DestroyedAt == null).ToListAsync(ct);
        foreach (var @case in cases)
        {
            await DestroyAsync(signals.Where(s => s.CaseId == @case.Id).ToList(), @case, now, ct);
        }
        var caseIds = cases.Select(c => c.Id).ToHashSet();
        await DestroyAsync(signals.Where(s => s.CaseId is not { } id || !caseIds.Contains(id)).ToList(), null, now, ct);
        // Decisions about the person reached through none of those signals (their signals were destroyed before).
        foreach (var d in await db.Set<WeighingDecision>().Where(d => d.PersonId == personId && d.ProportionalityCiphertext != "").ToListAsync(ct))
        {
            d.ProportionalityCiphertext = "";
            d.SubsidiarityCiphertext = "";
            d.RejectionReasonCiphertext = null;
            await protector.ShredAsync(d.DataKeyId, ct);
        }
        return signals.Count + cases.Count;
    }
}
