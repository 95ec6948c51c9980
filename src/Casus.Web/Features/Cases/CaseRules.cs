namespace Casus.Web.Features.Cases;

/// <summary>
/// The lifecycle of a case: which stage may follow which. Forward is the normal flow
/// (intake → in consultation → action plan active → monitoring → closed → aftercare); the back-steps are the ones
/// practice needs:
/// <list type="bullet">
/// <item>in consultation → intake: the consultation finds the intake incomplete (information missing, wrong municipality);</item>
/// <item>action plan active → in consultation: the plan does not work and goes back to the table;</item>
/// <item>monitoring → action plan active: monitoring shows new risk, the plan is taken up again;</item>
/// <item>closed or aftercare → in consultation: new concerns reopen the case (a new signal, a relapse);</item>
/// <item>aftercare → closed: aftercare ends before its planned date.</item>
/// </list>
/// Every open stage may close (a case can end at intake, e.g. when it is not eligible after all). Closing needs an
/// outcome and a reason; aftercare needs an end date after today; every change needs a reason.
/// </summary>
public static class CaseLifecycle
{
    private static readonly Dictionary<CaseStage, CaseStage[]> Allowed = new()
    {
        [CaseStage.Intake] = [CaseStage.InConsultation, CaseStage.Closed],
        [CaseStage.InConsultation] = [CaseStage.ActionPlanActive, CaseStage.Intake, CaseStage.Closed],
        [CaseStage.ActionPlanActive] = [CaseStage.Monitoring, CaseStage.InConsultation, CaseStage.Closed],
        [CaseStage.Monitoring] = [CaseStage.Closed, CaseStage.ActionPlanActive],
        [CaseStage.Closed] = [CaseStage.Aftercare, CaseStage.InConsultation],
        [CaseStage.Aftercare] = [CaseStage.Closed, CaseStage.InConsultation],
    };

    /// <summary>The stages a case in <paramref name="from"/> may move to, the usual next step first.</summary>
    public static IReadOnlyList<CaseStage> Next(CaseStage from) => Allowed.TryGetValue(from, out var next) ? next : [];

    public static bool CanMove(CaseStage from, CaseStage to) => Next(from).Contains(to);

    /// <summary>Open stages: the case is being worked on (closed and aftercare are not).</summary>
    public static bool IsOpen(CaseStage stage) => stage is not (CaseStage.Closed or CaseStage.Aftercare);
}

/// <summary>Limits of what is typed into a case, shared by the pages and the API.</summary>
public static class CaseRules
{
    public const int ReasonMax = 2_000;
    public const int PurposeMax = 500;
    public const int LegalBasisMax = 1_000;
    /// <summary>The longest aftercare period that can be planned at once; it can be extended with a new step.</summary>
    public const int AftercareMaxDays = 3 * 366;
    public const int ReferenceSearchMax = 20;
}
