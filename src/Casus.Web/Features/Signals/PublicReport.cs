using System.Security.Cryptography;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

/// <summary>What a member of the public tells, anonymously. <see cref="Website"/> is a honeypot no person fills in.</summary>
public sealed record PublicReportInput
{
    public Guid? MunicipalityId { get; init; }
    public string? GivenNames { get; init; }
    public string? Surname { get; init; }
    public string? DateOfBirth { get; init; }
    public string? Relationship { get; init; }
    public string? Narrative { get; init; }
    public bool IsOnline { get; init; }
    public bool ImmediateDanger { get; init; }
    public string? Website { get; init; }
}

/// <summary>The only thing a member of the public gets back: the reference and the secret code to follow up with.</summary>
public sealed record PublicReceipt(string Reference, string FollowUpCode);

public enum PublicStatus { Received, BeingHandled, Closed }

public sealed record PublicMessage(DateTimeOffset At, bool FromReporter, string Text);

/// <summary>What the reporter sees with their code: a coarse status and the conversation, nothing of the coordinators' work.</summary>
public sealed record PublicView(string Reference, DateTimeOffset ReceivedAt, PublicStatus Status, IReadOnlyList<PublicMessage> Messages);

/// <summary>
/// Reports from members of the public: no account, no tracking. The report reaches only the inbox of the
/// municipality it concerns. The reporter gets a follow-up code (100 bits, shown once, stored only as a keyed hash)
/// that opens this one report: its status, replies, and a way to add information. A honeypot catches simple bots:
/// they get a convincing receipt and nothing is stored.
/// </summary>
public sealed class PublicReports(CasusDbContext db, PersonDataProtector protector, BlindIndex blindIndex, IProcessingLogger log,
    TimeProvider time, RegisterSignal register)
{
    public const int NarrativeMax = 5_000;
    private const string CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string CodeHashKind = "follow-up";

    public async Task<Result<PublicReceipt>> SubmitAsync(PublicReportInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (input.MunicipalityId is null || !await db.Municipalities.AnyAsync(m => m.Id == input.MunicipalityId, ct))
        {
            errors.Add("MunicipalityId", "Validation.MunicipalityId.Required");
        }
        errors.Text("GivenNames", input.GivenNames, SignalRules.NameMax).Text("Surname", input.Surname, SignalRules.NameMax)
            .Text("Relationship", input.Relationship, 200).Text("Narrative", input.Narrative, NarrativeMax, required: true);
        if (!string.IsNullOrWhiteSpace(input.DateOfBirth) && !PartialDate.TryParse(input.DateOfBirth, out _))
        {
            errors.Add("DateOfBirth", "Validation.DateOfBirth.Invalid");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var code = NewCode();
        if (!string.IsNullOrEmpty(input.Website))
        {
            // A bot filled the hidden field: it gets what a person would get, and nothing is kept.
            return new PublicReceipt($"S{time.GetUtcNow().Year % 100:D2}-{RandomNumberGenerator.GetString(CodeAlphabet, 6)}", code);
        }
        var narrative = string.IsNullOrWhiteSpace(input.Relationship) ? input.Narrative!.Trim()
            : $"{input.Narrative!.Trim()}\n\n({input.Relationship.Trim()})";
        var created = await register.CreateAsync(new SignalInput
        {
            MunicipalityId = input.MunicipalityId, GivenNames = input.GivenNames, Surname = input.Surname, DateOfBirth = input.DateOfBirth,
            Phenomenon = Phenomenon.Unclear, Narrative = narrative, IsOnline = input.IsOnline,
            Urgency = input.ImmediateDanger ? SignalUrgency.Immediate : SignalUrgency.Normal,
        }, SignalSource.Public, signal => signal.FollowUpCodeHash = HashCode(code), ct);
        return new PublicReceipt(created.Reference, code);
    }

    public async Task<Result<PublicView>> FollowUpAsync(string? code, CancellationToken ct = default)
    {
        var signal = await FindAsync(code, ct);
        if (signal is null)
        {
            return FollowUpNotFound();
        }
        var events = await db.Set<SignalEvent>().AsNoTracking()
            .Where(e => e.SignalId == signal.Id && (e.Kind == SignalEventKind.ReporterMessage || e.Kind == SignalEventKind.ReplyToReporter))
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var messages = new List<PublicMessage>
        {
            new(signal.ReceivedAt, true, await protector.DecryptAsync(signal.DataKeyId, SignalFields.Narrative, signal.NarrativeCiphertext, ct)),
        };
        foreach (var e in events)
        {
            messages.Add(new PublicMessage(e.At, e.Kind == SignalEventKind.ReporterMessage,
                await protector.DecryptAsync(signal.DataKeyId, SignalFields.EventDetail, e.DetailCiphertext!, ct)));
        }
        await log.RecordReadAsync(SignalActivities.Signals, "read-by-reporter", [SignalActivities.Subject(signal.PersonId)], ct);
        var status = signal.Status switch
        {
            SignalStatus.New => PublicStatus.Received,
            SignalStatus.Closed => PublicStatus.Closed,
            _ => PublicStatus.BeingHandled,
        };
        return new PublicView(signal.Reference, signal.ReceivedAt, status, messages);
    }

    public async Task<Result<PublicView>> AddInformationAsync(string? code, string? text, CancellationToken ct = default)
    {
        var signal = await FindAsync(code, ct);
        if (signal is null)
        {
            return FollowUpNotFound();
        }
        var errors = new FieldErrors().Text("Message", text, NarrativeMax, required: true);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var tracked = await db.Set<Signal>().SingleAsync(s => s.Id == signal.Id, ct);
        db.Add(new SignalEvent
        {
            SignalId = signal.Id, At = time.GetUtcNow(), Kind = SignalEventKind.ReporterMessage,
            DetailCiphertext = await protector.EncryptAsync(signal.DataKeyId, SignalFields.EventDetail, text!.Trim(), ct),
        });
        tracked.Version = Guid.NewGuid();
        await log.RecordAsync(SignalActivities.Signals, "update-by-reporter", [SignalActivities.Subject(signal.PersonId)], ct);
        await db.SaveChangesAsync(ct);
        return await FollowUpAsync(code, ct);
    }

    private async Task<Signal?> FindAsync(string? code, CancellationToken ct)
    {
        var normalised = Normalise(code);
        if (normalised.Length != 20)
        {
            return null;
        }
        var hash = HashCode(normalised);
        return await db.Set<Signal>().AsNoTracking().SingleOrDefaultAsync(s => s.FollowUpCodeHash == hash && s.Source == SignalSource.Public, ct);
    }

    private string HashCode(string code) => blindIndex.Compute(CodeHashKind, Normalise(code));

    /// <summary>Spaces, dashes and case do not matter when typing the code back; O and I are read as 0 and 1 are absent.</summary>
    private static string Normalise(string? code) => new string((code ?? "").ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    /// <summary>Twenty characters in five groups of four, e.g. "K7MQ-2XAB-9TRE-HJ4W-PZ3N": easy to copy, 100 bits.</summary>
    private static string NewCode() => string.Join('-', RandomNumberGenerator.GetString(CodeAlphabet, 20).Chunk(4).Select(c => new string(c)));

    private static AppError FollowUpNotFound() => new("follow_up_not_found", StatusCodes.Status404NotFound, "Report.FollowUp.NotFound");
}
