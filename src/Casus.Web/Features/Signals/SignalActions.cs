using System.Text.Json;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

public sealed record CloseSignalInput(SignalOutcome? Outcome, string? Reason);
public sealed record ReasonInput(string? Reason);

/// <summary>
/// What the inbox does with a signal: start weighing, close it with an outcome and a reason, reopen it, add a note,
/// correct the person's details. Only the inbox of the signal's municipality may; every step is an event in the
/// signal's history and a record in the processing log, and a stale version is refused, never merged.
/// </summary>
public sealed class SignalActions(CasusDbContext db, SignalAccess access, PersonDataProtector protector, BlindIndex blindIndex,
    IProcessingLogger log, ICurrentUser me, TimeProvider time, NationalProfile profile, IPersonMatcher matcher)
{
    public Task<Result<RegisteredSignal>> StartWeighingAsync(Guid id, Guid version, CancellationToken ct = default) =>
        ChangeAsync(id, version, (signal, _) =>
        {
            if (signal.Status != SignalStatus.New)
            {
                return Task.FromResult<AppError?>(InvalidTransition());
            }
            return Task.FromResult(Transition(signal, SignalStatus.InWeighing, null, null));
        }, ct);

    public Task<Result<RegisteredSignal>> CloseAsync(Guid id, Guid version, CloseSignalInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (signal, _) =>
        {
            var errors = new FieldErrors().Text("Reason", input.Reason, SignalRules.ReasonMax, required: true);
            if (input.Outcome is null || !Enum.IsDefined(input.Outcome.Value))
            {
                errors.Add("Outcome", "Validation.Outcome.Required");
            }
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (signal.Status is not (SignalStatus.New or SignalStatus.InWeighing))
            {
                return InvalidTransition();
            }
            signal.Outcome = input.Outcome;
            signal.ClosedAt = time.GetUtcNow();
            return Transition(signal, SignalStatus.Closed, input.Outcome, await protector.EncryptAsync(signal.DataKeyId, SignalFields.EventDetail, input.Reason!.Trim(), ct));
        }, ct);

    public Task<Result<RegisteredSignal>> ReopenAsync(Guid id, Guid version, ReasonInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (signal, _) =>
        {
            var errors = new FieldErrors().Text("Reason", input.Reason, SignalRules.ReasonMax, required: true);
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (signal.Status != SignalStatus.Closed)
            {
                return InvalidTransition();
            }
            signal.Outcome = null;
            signal.ClosedAt = null;
            return Transition(signal, SignalStatus.InWeighing, null, await protector.EncryptAsync(signal.DataKeyId, SignalFields.EventDetail, input.Reason!.Trim(), ct));
        }, ct);

    public Task<Result<RegisteredSignal>> AddNoteAsync(Guid id, Guid version, ReasonInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (signal, now) =>
        {
            var errors = new FieldErrors().Text("Reason", input.Reason, SignalRules.ReasonMax, required: true);
            if (errors.Any)
            {
                return errors.ToError();
            }
            db.Add(Event(signal, now, SignalEventKind.Note, await protector.EncryptAsync(signal.DataKeyId, SignalFields.EventDetail, input.Reason!.Trim(), ct)));
            signal.Version = Guid.NewGuid();
            return null;
        }, ct);

    /// <summary>A reply to a member of the public who reported anonymously; they read it with their follow-up code.</summary>
    public Task<Result<RegisteredSignal>> ReplyToReporterAsync(Guid id, Guid version, ReasonInput input, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (signal, now) =>
        {
            var errors = new FieldErrors().Text("Reason", input.Reason, SignalRules.ReasonMax, required: true);
            if (errors.Any)
            {
                return errors.ToError();
            }
            if (signal.Source != SignalSource.Public)
            {
                return new AppError("not_a_public_report", StatusCodes.Status409Conflict, "Signal.NotPublic");
            }
            db.Add(Event(signal, now, SignalEventKind.ReplyToReporter, await protector.EncryptAsync(signal.DataKeyId, SignalFields.EventDetail, input.Reason!.Trim(), ct)));
            signal.Version = Guid.NewGuid();
            return null;
        }, ct);

    /// <summary>
    /// Corrects the person's details (a misspelled name, a wrong date of birth). The earlier values stay readable in
    /// the history — encrypted like the rest — so a correction is never an overwrite without a trace.
    /// </summary>
    public Task<Result<RegisteredSignal>> CorrectAsync(Guid id, Guid version, SignalInput input, string? reason, CancellationToken ct = default) =>
        ChangeAsync(id, version, async (signal, now) =>
        {
            var errors = new FieldErrors();
            RegisterSignal.ValidateSubject(errors, input, profile, time);
            errors.Text("Reason", reason, SignalRules.ReasonMax, required: true);
            if (errors.Any)
            {
                return errors.ToError();
            }
            var before = JsonSerializer.Deserialize<SignalSubject>(
                await protector.DecryptAsync(signal.DataKeyId, SignalFields.Subject, signal.SubjectCiphertext, ct), SignalRules.Json)!;
            var after = RegisterSignal.ToSubject(input) with { OnlinePlatform = before.OnlinePlatform, OnlineHandle = before.OnlineHandle };
            signal.SubjectCiphertext = await protector.EncryptAsync(signal.DataKeyId, SignalFields.Subject, JsonSerializer.Serialize(after, SignalRules.Json), ct);
            var detail = $"{reason!.Trim()}\n— {Describe(before)}\n+ {Describe(after)}";
            db.Add(Event(signal, now, SignalEventKind.Corrected, await protector.EncryptAsync(signal.DataKeyId, SignalFields.EventDetail, detail, ct)));
            // The keyed hashes follow the corrected values, in the same transaction as the correction.
            var old = await db.Set<SignalLinkKey>().Where(k => k.SignalId == signal.Id).ToListAsync(ct);
            var fresh = SignalLinkKeys.For(signal.Id, after, blindIndex, matcher).ToList();
            db.RemoveRange(old.Where(o => !fresh.Any(f => f.Kind == o.Kind && f.Hash == o.Hash)));
            db.AddRange(fresh.Where(f => !old.Any(o => o.Kind == f.Kind && o.Hash == f.Hash)));
            return null;
        }, ct);

    private static string Describe(SignalSubject s) => string.Join("; ", new[]
    {
        s.DisplayName, s.DateOfBirth?.ToString() + (s.DateOfBirthUnsure ? "?" : ""), s.NationalId, s.Address, string.Join(", ", s.Aliases),
    }.Where(p => !string.IsNullOrWhiteSpace(p)));

    private async Task<Result<RegisteredSignal>> ChangeAsync(Guid id, Guid version,
        Func<Signal, DateTimeOffset, Task<AppError?>> change, CancellationToken ct)
    {
        var signal = await access.Inbox().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (signal is null)
        {
            return AppError.NotFound();
        }
        if (signal.Version != version)
        {
            return AppError.Conflict();
        }
        var error = await change(signal, time.GetUtcNow());
        if (error is not null)
        {
            return error;
        }
        await log.RecordAsync(SignalActivities.Signals, "update", [SignalActivities.Subject(signal.PersonId)], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return new RegisteredSignal(signal.Id, signal.Reference, signal.Status, signal.ReceivedAt, signal.Version);
    }

    private AppError? Transition(Signal signal, SignalStatus to, SignalOutcome? outcome, string? detailCiphertext)
    {
        var from = signal.Status;
        signal.Status = to;
        var e = Event(signal, time.GetUtcNow(), SignalEventKind.StatusChanged, detailCiphertext);
        e.StatusFrom = from;
        e.StatusTo = to;
        e.Outcome = outcome;
        db.Add(e);
        return null;
    }

    private SignalEvent Event(Signal signal, DateTimeOffset now, SignalEventKind kind, string? detailCiphertext) => new()
    {
        SignalId = signal.Id, At = now, ActorUserId = me.UserId, ActorOrganisationId = me.OrganisationId, Kind = kind, DetailCiphertext = detailCiphertext,
    };

    private static AppError InvalidTransition() => new("invalid_status_change", StatusCodes.Status409Conflict, "Signal.InvalidTransition");
}
