using System.Security.Cryptography;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Cases;

/// <summary>
/// Opens a case for a person, e.g. when weighing admits them to case consultation. The signals given are linked to
/// the case (status "linked to a case", with an event in their history). A person who already has a case in the
/// municipality that is not closed gets no second one: the signals join that case. Adds to the caller's unit of work
/// and does not save: the caller saves the case together with the decision that opened it, in one transaction, after
/// recording the processing.
/// </summary>
public sealed class OpenCase(CasusDbContext db, PersonDataProtector protector, ICurrentUser me, TimeProvider time)
{
    public async Task<Case> AddAsync(Guid personId, Guid municipalityId, IReadOnlyList<Signal> signals, Guid? decisionId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var running = await db.Set<Case>()
            .Where(c => c.PersonId == personId && c.MunicipalityId == municipalityId && c.Stage != CaseStage.Closed && c.Stage != CaseStage.Aftercare)
            .OrderByDescending(c => c.OpenedAt).FirstOrDefaultAsync(ct);
        if (running is not null)
        {
            LinkSignals(running, signals, now);
            running.Version = Guid.NewGuid();
            return running;
        }
        var key = await protector.CreateKeyAsync(municipalityId, ct);
        var @case = new Case
        {
            Reference = await NewReferenceAsync(now, ct),
            PersonId = personId,
            MunicipalityId = municipalityId,
            CoordinatorUserId = me.UserId ?? throw new InvalidOperationException("Opening a case needs a signed-in user."),
            DataKeyId = key.Id,
            Stage = CaseStage.Intake,
            OpenedAt = now,
            OpenedByDecisionId = decisionId,
        };
        db.Add(@case);
        db.Add(Event(@case, now, CaseEventKind.Opened, decisionId));
        LinkSignals(@case, signals, now);
        return @case;
    }

    private void LinkSignals(Case @case, IReadOnlyList<Signal> signals, DateTimeOffset now)
    {
        foreach (var signal in signals)
        {
            db.Add(new SignalEvent
            {
                SignalId = signal.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId,
                Kind = SignalEventKind.StatusChanged, StatusFrom = signal.Status, StatusTo = SignalStatus.LinkedToCase,
            });
            signal.Status = SignalStatus.LinkedToCase;
            signal.CaseId = @case.Id;
            signal.Version = Guid.NewGuid();
            db.Add(Event(@case, now, CaseEventKind.SignalLinked, signal.Id));
        }
    }

    private CaseEvent Event(Case @case, DateTimeOffset now, CaseEventKind kind, Guid? related) => new()
    {
        CaseId = @case.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = kind, RelatedId = related,
    };

    private const string ReferenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>"C26-K7MQ2X": the year and six random characters without look-alikes (0/O, 1/I).</summary>
    private async Task<string> NewReferenceAsync(DateTimeOffset now, CancellationToken ct)
    {
        while (true)
        {
            var reference = $"C{now.Year % 100:D2}-{RandomNumberGenerator.GetString(ReferenceAlphabet, 6)}";
            if (!await db.Set<Case>().AnyAsync(c => c.Reference == reference, ct))
            {
                return reference;
            }
        }
    }
}

public static class CaseActivities
{
    public static readonly ProcessingActivity Cases = new("cases", 1,
        "Running a person-centred case: membership, decisions, assessments (PGA)",
        "Uitvoeren van een persoonsgerichte casus: deelname, besluiten, taxaties (PGA)");

    /// <summary>The person a case is about, as the processing log names them (the same subject as their signals).</summary>
    public static DataSubject Subject(Guid personId) => new("person", personId);
}
