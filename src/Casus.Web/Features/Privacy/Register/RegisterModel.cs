using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>
/// An entry of the register of processing activities (GDPR art. 30), one per activity key ("signals"). It only
/// points at the current version; the content lives in <see cref="RegisterVersion"/> rows, which are never changed.
/// Its <see cref="Version"/> is the concurrency token (ETag) a new version must name.
/// </summary>
public sealed class RegisterEntry : IVersioned
{
    public required string Key { get; set; }
    public int CurrentVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>
/// One version of a register entry: what the activity is for, about whom, which data, to whom, how long, on what
/// legal basis — in Dutch and English. Append-only (a database trigger refuses UPDATE and DELETE): a change is a new
/// version, and log records keep naming the version that was current when they were written.
/// </summary>
public sealed class RegisterVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Key { get; set; }
    public int Number { get; set; }
    /// <summary>The id the processing log refers to: "casus:{key}:v{number}".</summary>
    public required string ActivityId { get; set; }
    public required string PurposeNl { get; set; }
    public required string PurposeEn { get; set; }
    public required string DataSubjectsNl { get; set; }
    public required string DataSubjectsEn { get; set; }
    public required string PersonalDataNl { get; set; }
    public required string PersonalDataEn { get; set; }
    public required string RecipientsNl { get; set; }
    public required string RecipientsEn { get; set; }
    public required string RetentionNl { get; set; }
    public required string RetentionEn { get; set; }
    public required string LegalBasisNl { get; set; }
    public required string LegalBasisEn { get; set; }
    /// <summary>Who is controller, joint controller or processor for this activity (optional).</summary>
    public string ControllerNl { get; set; } = "";
    public string ControllerEn { get; set; } = "";
    /// <summary>Why this version was made (empty for the first version seeded from code).</summary>
    public string ChangeNote { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The privacy officer who published it; null for the first version seeded from code.</summary>
    public Guid? CreatedBy { get; set; }
    /// <summary>The form's one-time id: a second submit of the same form finds this version instead of making another.</summary>
    public Guid? SubmissionId { get; set; }
}

public sealed class RegisterConfiguration : IEntityTypeConfiguration<RegisterEntry>, IEntityTypeConfiguration<RegisterVersion>
{
    public void Configure(EntityTypeBuilder<RegisterEntry> builder)
    {
        builder.ToTable("ProcessingRegister");
        builder.HasKey(x => x.Key);
        builder.Property(x => x.Key).HasMaxLength(RegisterRules.KeyMax);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<RegisterVersion> builder)
    {
        builder.ToTable(RegisterVersionsTable.Name);
        builder.Property(x => x.Key).HasMaxLength(RegisterRules.KeyMax);
        builder.Property(x => x.ActivityId).HasMaxLength(100);
        builder.HasIndex(x => x.ActivityId).IsUnique();
        builder.HasIndex(x => new { x.Key, x.Number }).IsUnique();
        builder.HasIndex(x => x.SubmissionId).IsUnique();
        builder.HasOne<RegisterEntry>().WithMany().HasForeignKey(x => x.Key).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CasusUser>().WithMany().HasForeignKey(x => x.CreatedBy).OnDelete(DeleteBehavior.Restrict);
        foreach (var field in RegisterFields.All)
        {
            builder.Property(field.Nl).HasMaxLength(field.Max);
            builder.Property(field.En).HasMaxLength(field.Max);
        }
        builder.Property(x => x.ChangeNote).HasMaxLength(RegisterRules.ChangeNoteMax);
    }
}

public static class RegisterRules
{
    public const int KeyMax = 60;
    public const int PurposeMax = 500;
    public const int TextMax = 2_000;
    public const int ChangeNoteMax = 1_000;
}

/// <summary>One field of a register entry, held in both languages; the form, the history's "what changed" and the export walk this list.</summary>
public sealed record RegisterField(string Name, string Nl, string En, int Max, bool Required, Func<RegisterVersion, string> GetNl, Func<RegisterVersion, string> GetEn);

public static class RegisterFields
{
    public static readonly IReadOnlyList<RegisterField> All =
    [
        new("Purpose", nameof(RegisterVersion.PurposeNl), nameof(RegisterVersion.PurposeEn), RegisterRules.PurposeMax, true, v => v.PurposeNl, v => v.PurposeEn),
        new("DataSubjects", nameof(RegisterVersion.DataSubjectsNl), nameof(RegisterVersion.DataSubjectsEn), RegisterRules.TextMax, true, v => v.DataSubjectsNl, v => v.DataSubjectsEn),
        new("PersonalData", nameof(RegisterVersion.PersonalDataNl), nameof(RegisterVersion.PersonalDataEn), RegisterRules.TextMax, true, v => v.PersonalDataNl, v => v.PersonalDataEn),
        new("Recipients", nameof(RegisterVersion.RecipientsNl), nameof(RegisterVersion.RecipientsEn), RegisterRules.TextMax, true, v => v.RecipientsNl, v => v.RecipientsEn),
        new("Retention", nameof(RegisterVersion.RetentionNl), nameof(RegisterVersion.RetentionEn), RegisterRules.TextMax, true, v => v.RetentionNl, v => v.RetentionEn),
        new("LegalBasis", nameof(RegisterVersion.LegalBasisNl), nameof(RegisterVersion.LegalBasisEn), RegisterRules.TextMax, true, v => v.LegalBasisNl, v => v.LegalBasisEn),
        new("Controller", nameof(RegisterVersion.ControllerNl), nameof(RegisterVersion.ControllerEn), RegisterRules.TextMax, false, v => v.ControllerNl, v => v.ControllerEn),
    ];
}

/// <summary>The versions table is append-only in the database too, like the logs (triggers made by the migration).</summary>
public static class RegisterVersionsTable
{
    public const string Name = "ProcessingRegisterVersions";
}

/// <summary>A new version as the privacy officer writes it: every field in Dutch and English, and why it changes.</summary>
public sealed record RegisterVersionInput(
    string? PurposeNl = null, string? PurposeEn = null,
    string? DataSubjectsNl = null, string? DataSubjectsEn = null,
    string? PersonalDataNl = null, string? PersonalDataEn = null,
    string? RecipientsNl = null, string? RecipientsEn = null,
    string? RetentionNl = null, string? RetentionEn = null,
    string? LegalBasisNl = null, string? LegalBasisEn = null,
    string? ControllerNl = null, string? ControllerEn = null,
    string? ChangeNote = null, Guid? SubmissionId = null)
{
    public string? Get(string property) => property switch
    {
        nameof(PurposeNl) => PurposeNl, nameof(PurposeEn) => PurposeEn,
        nameof(DataSubjectsNl) => DataSubjectsNl, nameof(DataSubjectsEn) => DataSubjectsEn,
        nameof(PersonalDataNl) => PersonalDataNl, nameof(PersonalDataEn) => PersonalDataEn,
        nameof(RecipientsNl) => RecipientsNl, nameof(RecipientsEn) => RecipientsEn,
        nameof(RetentionNl) => RetentionNl, nameof(RetentionEn) => RetentionEn,
        nameof(LegalBasisNl) => LegalBasisNl, nameof(LegalBasisEn) => LegalBasisEn,
        nameof(ControllerNl) => ControllerNl, nameof(ControllerEn) => ControllerEn,
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };

    /// <summary>The form prefilled with a version's content, for the next version.</summary>
    public static RegisterVersionInput From(RegisterVersionView v) => new(
        v.PurposeNl, v.PurposeEn, v.DataSubjectsNl, v.DataSubjectsEn, v.PersonalDataNl, v.PersonalDataEn, v.RecipientsNl, v.RecipientsEn,
        v.RetentionNl, v.RetentionEn, v.LegalBasisNl, v.LegalBasisEn, v.ControllerNl, v.ControllerEn);
}

/// <summary>A line of the register: the activity and its current version.</summary>
public sealed record RegisterListItem(string Key, int CurrentVersion, string CurrentId, string PurposeNl, string PurposeEn,
    int Versions, DateTimeOffset LastChangedAt);

/// <summary>One version as the API and the pages show it; <see cref="ChangedFields"/> names what differs from the version before.</summary>
public sealed record RegisterVersionView(
    string ActivityId, int Number, bool Current,
    string PurposeNl, string PurposeEn, string DataSubjectsNl, string DataSubjectsEn, string PersonalDataNl, string PersonalDataEn,
    string RecipientsNl, string RecipientsEn, string RetentionNl, string RetentionEn, string LegalBasisNl, string LegalBasisEn,
    string ControllerNl, string ControllerEn, string ChangeNote, DateTimeOffset CreatedAt, Guid? CreatedBy, string? CreatedByName,
    IReadOnlyList<string> ChangedFields)
{
    public string Text(string property) => property switch
    {
        nameof(PurposeNl) => PurposeNl, nameof(PurposeEn) => PurposeEn,
        nameof(DataSubjectsNl) => DataSubjectsNl, nameof(DataSubjectsEn) => DataSubjectsEn,
        nameof(PersonalDataNl) => PersonalDataNl, nameof(PersonalDataEn) => PersonalDataEn,
        nameof(RecipientsNl) => RecipientsNl, nameof(RecipientsEn) => RecipientsEn,
        nameof(RetentionNl) => RetentionNl, nameof(RetentionEn) => RetentionEn,
        nameof(LegalBasisNl) => LegalBasisNl, nameof(LegalBasisEn) => LegalBasisEn,
        nameof(ControllerNl) => ControllerNl, nameof(ControllerEn) => ControllerEn,
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };
}

/// <summary>An activity with every version, newest first. <see cref="Version"/> is the ETag a new version must name.</summary>
public sealed record RegisterActivityView(string Key, int CurrentVersion, string CurrentId, Guid Version, IReadOnlyList<RegisterVersionView> Versions)
{
    public RegisterVersionView Current => Versions.First(v => v.Current);
}
