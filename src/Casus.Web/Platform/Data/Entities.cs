using Microsoft.AspNetCore.Identity;

namespace Casus.Web.Platform.Data;

/// <summary>A record that users edit concurrently: its <see cref="Version"/> is the EF concurrency token and the API's ETag.</summary>
public interface IVersioned
{
    Guid Version { get; set; }
}

/// <summary>A region: the tenant root. Municipalities and organisations belong to exactly one region.</summary>
public sealed class Region : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Key of the national profile this region works under (NL-PGA, UK-Channel, …).</summary>
    public string ProfileKey { get; set; } = "NL-PGA";
    public DateTimeOffset CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<Municipality> Municipalities { get; } = [];
}

public sealed class Municipality : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RegionId { get; set; }
    public Region? Region { get; set; }
    public required string Name { get; set; }
    /// <summary>Official municipality code (CBS code in the Netherlands); optional elsewhere.</summary>
    public string? Code { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>The kinds of organisation DOMAIN.md names. Stored as text so that the database reads naturally.</summary>
public enum OrganisationType
{
    Municipality,
    SafetyHouse,
    Police,
    PublicProsecution,
    Probation,
    ChildProtectionBoard,
    YouthCare,
    MentalHealthCare,
    School,
    Housing,
    NationalCoordinatorAdvisor,
    CivilSociety,
    RegionalOffice,
    Other,
}

public sealed class Organisation : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RegionId { get; set; }
    public Region? Region { get; set; }
    public required string Name { get; set; }
    public OrganisationType Type { get; set; }
    /// <summary>The legal framework the organisation shares information under, as text for partners to read.</summary>
    public string LegalFramework { get; set; } = "";
    /// <summary>Functional mailbox: staff safety forbids exposing personal contact data.</summary>
    public string? FunctionalMailbox { get; set; }
    /// <summary>When true, members of this organisation must sign in with a passkey; TOTP is not accepted.</summary>
    public bool RequirePasskeys { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    /// <summary>Municipalities this organisation serves (a Community Safety Partnership serves several).</summary>
    public List<OrganisationMunicipality> Serves { get; } = [];
}

public sealed class OrganisationMunicipality
{
    public Guid OrganisationId { get; set; }
    public Guid MunicipalityId { get; set; }
    public Municipality? Municipality { get; set; }
}

public sealed class CasusUser : IdentityUser<Guid>, IVersioned
{
    public CasusUser() => Id = Guid.CreateVersion7();

    public required string DisplayName { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>"nl" or "en"; null means the profile's default.</summary>
    public string? PreferredCulture { get; set; }
    /// <summary>Highest TOTP time step accepted so far: a code from this step or earlier is a replay.</summary>
    public long LastTotpTimeStep { get; set; }
    /// <summary>When the user confirmed their authenticator app; null means enrolment is due at the next sign-in.</summary>
    public DateTimeOffset? SecondFactorEnrolledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

public sealed class CasusRole : IdentityRole<Guid>
{
    public CasusRole() => Id = Guid.CreateVersion7();
}

/// <summary>
/// When a passkey was last used to sign in. Identity's passkey record (AspNetUserPasskeys) has no such field; this
/// row goes with it (cascade) and lets the owner spot a passkey that is used without them.
/// </summary>
public sealed class PasskeyUse
{
    public required byte[] CredentialId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
}

/// <summary>
/// Access to a person-related record for a purpose and a period. Later features (cases, consultations) add rows
/// here; <see cref="Security.PersonRecordAccess"/> is the one place that reads them.
/// </summary>
public sealed class RecordMembership
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>What the membership is for, e.g. "case".</summary>
    public required string RecordKind { get; set; }
    public Guid RecordId { get; set; }
    public Guid UserId { get; set; }
    public Guid OrganisationId { get; set; }
    public required string Purpose { get; set; }
    public required string LegalBasis { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedBy { get; set; }

    public bool ActiveAt(DateTimeOffset now) => ValidFrom <= now && (ValidUntil is null || now < ValidUntil);
}
