namespace Casus.Web.Platform.Security;

/// <summary>The roles of DOMAIN.md. Values are stable identifiers stored with role assignments.</summary>
public static class Roles
{
    public const string ProcessCoordinator = "process-coordinator";
    public const string CaseDirector = "case-director";
    public const string PartnerProfessional = "partner-professional";
    public const string OccasionalPartner = "occasional-partner";
    public const string RegionalCoordinator = "regional-coordinator";
    public const string PrivacyOfficer = "privacy-officer";
    public const string Executive = "executive";
    public const string SystemAdmin = "system-admin";

    public static readonly IReadOnlyList<string> All =
    [
        ProcessCoordinator, CaseDirector, PartnerProfessional, OccasionalPartner,
        RegionalCoordinator, PrivacyOfficer, Executive, SystemAdmin,
    ];
}

/// <summary>Authorization policies by name. Every endpoint and page names one (the matrix test checks it).</summary>
public static class Policies
{
    /// <summary>Any signed-in professional with an active account.</summary>
    public const string Professional = "professional";
    /// <summary>Tenant administration: regions, municipalities, organisations, users.</summary>
    public const string SystemAdmin = "system-admin";
}

/// <summary>Claim types Casus adds to the sign-in cookie.</summary>
public static class CasusClaims
{
    public const string OrganisationId = "casus:org";
    public const string RegionId = "casus:region";
    public const string DisplayName = "casus:name";
    /// <summary>A fresh id per sign-in: the session id.</summary>
    public const string SessionId = "casus:sid";
    /// <summary>When the session began (Unix seconds), for the absolute lifetime.</summary>
    public const string AuthenticatedAt = "casus:auth_time";
}
