
namespace Casus.Web.Features.Signals;

/// <summary>The signal form's fields as the browser posts them; aliases come one per line.</summary>
public sealed class SignalForm
{
    public Guid? MunicipalityId { get; set; }
    public string? GivenNames { get; set; }
    public string? SurnamePrefix { get; set; }
    public string? Surname { get; set; }
    public string? DateOfBirth { get; set; }
    public bool DateOfBirthUnsure { get; set; }
    public string? NationalId { get; set; }
    public string? Street { get; set; }
    public string? HouseNumber { get; set; }
    public string? Postcode { get; set; }
    public string? City { get; set; }
    public string? AliasesText { get; set; }
    public Phenomenon? Phenomenon { get; set; }
    public List<string> Indicators { get; set; } = [];
    public bool IsOnline { get; set; }
    public string? OnlinePlatform { get; set; }
    public string? OnlineHandle { get; set; }
    public string? Narrative { get; set; }
    public SignalUrgency? Urgency { get; set; } = SignalUrgency.Normal;
    /// <summary>Why the details are corrected (correction form only).</summary>
    public string? Reason { get; set; }

    public SignalInput ToInput() => new()
    {
        MunicipalityId = MunicipalityId, GivenNames = GivenNames, SurnamePrefix = SurnamePrefix, Surname = Surname,
        DateOfBirth = DateOfBirth, DateOfBirthUnsure = DateOfBirthUnsure, NationalId = NationalId, Street = Street,
        HouseNumber = HouseNumber, Postcode = Postcode, City = City,
        Aliases = (AliasesText ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Phenomenon = Phenomenon, Indicators = Indicators, IsOnline = IsOnline, OnlinePlatform = OnlinePlatform,
        OnlineHandle = OnlineHandle, Narrative = Narrative, Urgency = Urgency,
    };

    public static SignalForm From(SignalSubject s) => new()
    {
        GivenNames = s.GivenNames, SurnamePrefix = s.SurnamePrefix, Surname = s.Surname, DateOfBirth = s.DateOfBirth?.ToString(),
        DateOfBirthUnsure = s.DateOfBirthUnsure, NationalId = s.NationalId, Street = s.Street, HouseNumber = s.HouseNumber,
        Postcode = s.Postcode, City = s.City, AliasesText = string.Join('\n', s.Aliases),
    };
}

/// <summary>The model of the _SubjectFields partial.</summary>
public sealed record SubjectFieldsView(FormPageModel Page, SignalForm Input);

/// <summary>The model of the _SignalTable partial.</summary>
public sealed record SignalTableView(ListPageModel Page, PageOf<SignalListItem> List, bool ShowReporter);
