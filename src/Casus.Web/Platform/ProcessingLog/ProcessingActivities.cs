namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// A processing activity as code names it: its key, the version it starts at and its purpose. Features declare
/// these; the register of processing activities (GDPR art. 30, Features/Privacy/Register) holds their versions in
/// the database, and the processing log writes the id of the current version (see <see cref="IProcessingActivityVersions"/>).
/// </summary>
public sealed record ProcessingActivity(string Key, int Version, string PurposeEn, string PurposeNl)
{
    /// <summary>The versioned id of the version code declares, e.g. "casus:admin-users:v1".</summary>
    public string Id => IdOf(Key, Version);

    public static string IdOf(string key, int version) => $"casus:{key}:v{version}";

    /// <summary>What every versioned id of this key starts with ("casus:signals:v"), to find records of any version.</summary>
    public static string IdPrefix(string key) => $"casus:{key}:v";
}

/// <summary>The processing activities the foundation performs. Their later versions live in the register.</summary>
public static class ProcessingActivities
{
    public static readonly ProcessingActivity UserAdministration = new("admin-users", 1,
        "Managing accounts of professionals who work in Casus", "Beheer van accounts van professionals die in Casus werken");

    public static readonly ProcessingActivity Authentication = new("authentication", 1,
        "Signing in and securing accounts", "Aanmelden en beveiligen van accounts");

    public static readonly IReadOnlyList<ProcessingActivity> All = [UserAdministration, Authentication];
}

/// <summary>
/// Which version of an activity is current: the processing log asks before it writes a record. The register's
/// implementation answers from a cache, so writing a record does not query the database.
/// </summary>
public interface IProcessingActivityVersions
{
    ValueTask<string> CurrentIdAsync(ProcessingActivity activity, CancellationToken cancellationToken = default);
}

/// <summary>Without a register: the version code declares.</summary>
public sealed class DeclaredActivityVersions : IProcessingActivityVersions
{
    public static readonly DeclaredActivityVersions Instance = new();

    public ValueTask<string> CurrentIdAsync(ProcessingActivity activity, CancellationToken cancellationToken = default) => ValueTask.FromResult(activity.Id);
}
