namespace Casus.Web.Platform.ProcessingLog;

/// <summary>An entry of the register of processing activities (GDPR art. 30), by id and version.</summary>
public sealed record ProcessingActivity(string Key, int Version, string PurposeEn, string PurposeNl)
{
    /// <summary>The versioned id the processing log refers to, e.g. "casus:admin-users:v1".</summary>
    public string Id => $"casus:{Key}:v{Version}";
}

/// <summary>
/// The processing activities the foundation performs. Issue "information governance" moves this register into
/// the database with versions a privacy officer edits; the ids stay the same.
/// </summary>
public static class ProcessingActivities
{
    public static readonly ProcessingActivity UserAdministration = new("admin-users", 1,
        "Managing accounts of professionals who work in Casus", "Beheer van accounts van professionals die in Casus werken");

    public static readonly ProcessingActivity Authentication = new("authentication", 1,
        "Signing in and securing accounts", "Aanmelden en beveiligen van accounts");

    public static readonly IReadOnlyList<ProcessingActivity> All = [UserAdministration, Authentication];
}
