using System.Security.Cryptography;
using System.Text.Json;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Profiles;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Signals;

/// <summary>What a professional (page or API) tells about a person and their concern.</summary>
public sealed record SignalInput
{
    public Guid? MunicipalityId { get; init; }
    public string? GivenNames { get; init; }
    public string? SurnamePrefix { get; init; }
    public string? Surname { get; init; }
    /// <summary>"1990", "1990-05" or "1990-05-17" (or "17-05-1990").</summary>
    public string? DateOfBirth { get; init; }
    public bool DateOfBirthUnsure { get; init; }
    public string? NationalId { get; init; }
    public string? Street { get; init; }
    public string? HouseNumber { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
    public Phenomenon? Phenomenon { get; init; }
    public IReadOnlyList<string>? Indicators { get; init; }
    public bool IsOnline { get; init; }
    public string? OnlinePlatform { get; init; }
    public string? OnlineHandle { get; init; }
    public string? Narrative { get; init; }
    public SignalUrgency? Urgency { get; init; }
}

public sealed record RegisteredSignal(Guid Id, string Reference, SignalStatus Status, DateTimeOffset ReceivedAt, Guid Version);

/// <summary>
/// Registers a signal from a professional: validates it, encrypts everything that identifies the person under a
/// new data key, stores keyed hashes for linkage, and records the processing. Reporters may report about a person
/// in any municipality of their own region.
/// </summary>
public sealed class RegisterSignal(CasusDbContext db, PersonDataProtector protector, BlindIndex blindIndex, IProcessingLogger log,
    ICurrentUser me, TimeProvider time, NationalProfile profile, IPersonMatcher matcher, IndicatorCatalogues catalogues)
{
    public async Task<Result<RegisteredSignal>> HandleAsync(SignalInput input, CancellationToken ct = default) =>
        await HandleAsync(input, [], ct);

    /// <summary>A signal with files: the files are checked first, and a signal is stored only with all of them.</summary>
    public async Task<Result<RegisteredSignal>> HandleAsync(SignalInput input, IReadOnlyList<AttachmentUpload> uploads, CancellationToken ct = default)
    {
        var (files, fileErrors) = await AttachmentRules.ReadAsync(uploads, ct);
        var catalogue = catalogues.Current(profile);
        var errors = Validate(input, catalogue, profile, time);
        if (input.MunicipalityId is { } municipalityId
            && !await db.Municipalities.AnyAsync(m => m.Id == municipalityId && m.RegionId == me.RegionId, ct))
        {
            errors.Add("MunicipalityId", "Validation.MunicipalityId.Invalid");
        }
        errors.Merge(fileErrors);
        if (errors.Any)
        {
            return errors.ToError();
        }
        // A request without a person but with an organisation is a partner system's (OAuth2 client credentials).
        var source = me.UserId is null ? SignalSource.PartnerSystem : SignalSource.Professional;
        return await CreateAsync(input, source, null, ct, files);
    }

    /// <summary>
    /// Stores a validated signal from any source: a new person, a new data key, the encrypted subject and narrative,
    /// the keyed hashes for linkage, the first history event and the processing log record.
    /// </summary>
    public async Task<RegisteredSignal> CreateAsync(SignalInput input, SignalSource source, Action<Signal>? complete, CancellationToken ct,
        IReadOnlyList<(string Name, string Type, byte[] Bytes)>? files = null)
    {
        var signal = await AddAsync(input, source, Guid.CreateVersion7(), complete, ct, files);
        // Logged before it happens: the log is durable first, so there is never a change without its record.
        await log.RecordAsync(SignalActivities.Signals, "create", [SignalActivities.Subject(signal.PersonId)], ct);
        await db.SaveChangesAsync(ct);
        return new RegisteredSignal(signal.Id, signal.Reference, signal.Status, signal.ReceivedAt, signal.Version);
    }

    /// <summary>
    /// Adds a validated signal about a new person (with id <paramref name="personId"/>) to the context — data key,
    /// encrypted subject and narrative, keyed hashes, first history event, files — without saving it. The caller
    /// records the processing before it saves: <see cref="CreateAsync"/> for one signal, the import of earlier
    /// records for many in one transaction. <paramref name="complete"/> may adjust the signal before its event is added.
    /// </summary>
    public async Task<Signal> AddAsync(SignalInput input, SignalSource source, Guid personId, Action<Signal>? complete, CancellationToken ct,
        IReadOnlyList<(string Name, string Type, byte[] Bytes)>? files = null)
    {
        var subject = ToSubject(input);
        var now = time.GetUtcNow();
        var person = new Person { Id = personId, MunicipalityId = input.MunicipalityId!.Value, CreatedAt = now };
        var key = await protector.CreateKeyAsync(person.MunicipalityId, ct);
        var signal = new Signal
        {
            Reference = await NewReferenceAsync(now, ct),
            MunicipalityId = person.MunicipalityId,
            PersonId = person.Id,
            DataKeyId = key.Id,
            Source = source,
            ReporterOrganisationId = source == SignalSource.Public ? null : me.OrganisationId,
            ReporterUserId = source == SignalSource.Professional ? me.UserId : null,
            ReceivedAt = now,
            Phenomenon = input.Phenomenon ?? Phenomenon.Unclear,
            IndicatorCodes = string.Join(';', (input.Indicators ?? []).Distinct()),
            IndicatorCatalogueVersion = catalogues.Current(profile).VersionId,
            IsOnline = input.IsOnline,
            Urgency = input.Urgency ?? SignalUrgency.Normal,
            Status = SignalStatus.New,
            SubjectCiphertext = await protector.EncryptAsync(key.Id, SignalFields.Subject, JsonSerializer.Serialize(subject, SignalRules.Json), ct),
            NarrativeCiphertext = await protector.EncryptAsync(key.Id, SignalFields.Narrative, input.Narrative!.Trim(), ct),
        };
        complete?.Invoke(signal);
        db.Add(person);
        db.Add(signal);
        db.Add(new SignalEvent
        {
            SignalId = signal.Id, At = now, ActorUserId = signal.ReporterUserId, ActorOrganisationId = signal.ReporterOrganisationId,
            Kind = SignalEventKind.Registered, StatusTo = SignalStatus.New,
        });
        db.AddRange(SignalLinkKeys.For(signal.Id, subject, blindIndex, matcher));
        await SignalAttachments.AddAsync(db, protector, signal, files ?? [], signal.ReporterUserId, now, ct);
        return signal;
    }

    public static FieldErrors Validate(SignalInput input, IndicatorCatalogue catalogue, NationalProfile profile, TimeProvider time)
    {
        var errors = new FieldErrors();
        if (input.MunicipalityId is null)
        {
            errors.Add("MunicipalityId", "Validation.MunicipalityId.Required");
        }
        ValidateSubject(errors, input, profile, time);
        if (input.Phenomenon is null || !Enum.IsDefined(input.Phenomenon.Value))
        {
            errors.Add("Phenomenon", "Validation.Phenomenon.Required");
        }
        if (input.Urgency is null || !Enum.IsDefined(input.Urgency.Value))
        {
            errors.Add("Urgency", "Validation.Urgency.Required");
        }
        if ((input.Indicators ?? []).Any(code => !catalogue.Contains(code)))
        {
            errors.Add("Indicators", "Validation.Indicators.Unknown");
        }
        errors.Text("Narrative", input.Narrative, SignalRules.NarrativeMax, required: true);
        errors.Text("OnlinePlatform", input.OnlinePlatform, 100).Text("OnlineHandle", input.OnlineHandle, 200);
        return errors;
    }

    /// <summary>The person's fields: shared by intake and correction.</summary>
    public static void ValidateSubject(FieldErrors errors, SignalInput input, NationalProfile profile, TimeProvider time)
    {
        errors.Text("GivenNames", input.GivenNames, SignalRules.NameMax).Text("SurnamePrefix", input.SurnamePrefix, 40)
            .Text("Surname", input.Surname, SignalRules.NameMax).Text("Street", input.Street, 200).Text("HouseNumber", input.HouseNumber, 20)
            .Text("Postcode", input.Postcode, 12).Text("City", input.City, 100);
        foreach (var alias in input.Aliases ?? [])
        {
            errors.Text("Aliases", alias, SignalRules.NameMax);
        }
        if ((input.Aliases ?? []).Count > 20)
        {
            errors.Add("Aliases", "Validation.Aliases.TooMany");
        }
        var anyName = new[] { input.GivenNames, input.Surname, input.OnlineHandle }.Concat(input.Aliases ?? []).Any(v => !string.IsNullOrWhiteSpace(v));
        if (!anyName)
        {
            errors.Add("Surname", "Validation.Person.NameRequired");
        }
        if (!string.IsNullOrWhiteSpace(input.DateOfBirth))
        {
            if (!PartialDate.TryParse(input.DateOfBirth, out var dob))
            {
                errors.Add("DateOfBirth", "Validation.DateOfBirth.Invalid");
            }
            else if (dob!.Earliest > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
            {
                errors.Add("DateOfBirth", "Validation.DateOfBirth.Future");
            }
        }
        if (!string.IsNullOrWhiteSpace(input.NationalId))
        {
            var id = SignalRules.NormaliseNationalId(input.NationalId);
            var valid = profile.Key == "NL-PGA" ? SignalRules.IsValidBsn(id) : id.Length is >= 4 and <= 20;
            if (!valid || input.NationalId.Length > 30)
            {
                errors.Add("NationalId", profile.Key == "NL-PGA" ? "Validation.NationalId.Bsn" : "Validation.NationalId.Invalid");
            }
        }
    }

    public static SignalSubject ToSubject(SignalInput input)
    {
        var dob = PartialDate.TryParse(input.DateOfBirth, out var parsed) ? parsed : null;
        return new SignalSubject
        {
            GivenNames = SignalRules.Clean(input.GivenNames),
            SurnamePrefix = SignalRules.Clean(input.SurnamePrefix)?.ToLowerInvariant(),
            Surname = SignalRules.Clean(input.Surname),
            DateOfBirth = dob,
            DateOfBirthUnsure = dob is not null && input.DateOfBirthUnsure,
            NationalId = string.IsNullOrWhiteSpace(input.NationalId) ? null : SignalRules.NormaliseNationalId(input.NationalId),
            Street = SignalRules.Clean(input.Street),
            HouseNumber = SignalRules.Clean(input.HouseNumber),
            Postcode = SignalRules.Clean(input.Postcode)?.ToUpperInvariant(),
            City = SignalRules.Clean(input.City),
            Aliases = (input.Aliases ?? []).Select(SignalRules.Clean).OfType<string>().Distinct().ToList(),
            OnlinePlatform = SignalRules.Clean(input.OnlinePlatform),
            OnlineHandle = SignalRules.Clean(input.OnlineHandle),
        };
    }

    private const string ReferenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>"S26-K7MQ2X": the year and six random characters without look-alikes (0/O, 1/I).</summary>
    private async Task<string> NewReferenceAsync(DateTimeOffset now, CancellationToken ct)
    {
        while (true)
        {
            var reference = $"S{now.Year % 100:D2}-{RandomNumberGenerator.GetString(ReferenceAlphabet, 6)}";
            // Also unique among the signals added but not yet saved (an import adds many before it saves).
            if (!_issued.Contains(reference) && !await db.Set<Signal>().AnyAsync(s => s.Reference == reference, ct))
            {
                _issued.Add(reference);
                return reference;
            }
        }
    }

    private readonly HashSet<string> _issued = new(StringComparer.Ordinal);
}

/// <summary>Names of the encrypted fields: part of each ciphertext's associated data, so values cannot be swapped.</summary>
public static class SignalFields
{
    public const string Subject = "signal-subject";
    public const string Narrative = "signal-narrative";
    public const string EventDetail = "signal-event";
}

/// <summary>The keyed hashes stored for a signal's subject: its blocking keys, never their clear values.</summary>
public static class SignalLinkKeys
{
    public static IEnumerable<SignalLinkKey> For(Guid signalId, SignalSubject subject, BlindIndex index, IPersonMatcher matcher) =>
        matcher.BlockingKeys(subject).Distinct()
            .Select(k => new SignalLinkKey { SignalId = signalId, Kind = k.Kind, Hash = index.Compute(k.Kind, k.Value) });
}

/// <summary>The processing activities of the signals feature (register of processing activities).</summary>
public static class SignalActivities
{
    public static readonly ProcessingActivity Signals = new("signals", 1,
        "Receiving and assessing signals about possible radicalisation (PGA)",
        "Ontvangen en beoordelen van signalen over mogelijke radicalisering (PGA)");

    public static DataSubject Subject(Guid personId) => new("person", personId);
}
