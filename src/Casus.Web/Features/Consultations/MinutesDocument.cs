using System.Globalization;
using Casus.Web.Features.ActionPlans;
using Casus.Web.Platform.Localization;
using Microsoft.Extensions.Localization;
using PdfSharp.Pdf;

namespace Casus.Web.Features.Consultations;

/// <summary>
/// The minutes of one agenda item as a PDF document in the reader's language, under the municipality's name, in the
/// house style of the action plan. One item, one case: a reader gets only the minutes of a case they may see. It names
/// organisations, never staff — who brought information in, who owns a follow-up action — and the person by the case
/// reference only.
/// </summary>
public sealed class MinutesDocument(IStringLocalizer<SharedResource> t, TimeProvider time)
{
    static MinutesDocument() => EmbeddedFonts.Register();

    public byte[] Render(ItemMinutes minutes)
    {
        using var document = new PdfDocument();
        var title = t["Minutes.DocumentTitle", minutes.CaseReference].Value;
        document.Info.Title = title;
        document.Info.Creator = "Casus";
        document.Options.CompressContentStreams = false;
        var writer = new DocumentWriter(document, t["Minutes.Letterhead", minutes.MunicipalityName].Value, t["Minutes.Confidential"].Value);
        var culture = CultureInfo.CurrentCulture;
        string Date(DateTimeOffset at) => at.ToLocalTime().ToString("d", culture);

        writer.Heading(title, 18);
        var status = minutes.MinutesStatus == MinutesStatus.Fixed && minutes.FixedAt is { } fixedAt
            ? t["Minutes.FixedOn", Date(fixedAt)].Value
            : t["MinutesStatus." + minutes.MinutesStatus].Value;
        writer.Line(t["Minutes.DocumentFacts", minutes.ConsultationAt is { } at ? Date(at) : "—", minutes.Number, status,
            DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("d", culture)].Value, 9, muted: true);
        if (minutes.CancelledAt is not null)
        {
            writer.Line(t["Minutes.Cancelled"].Value, 10, bold: true);
        }
        if (minutes.AssessmentAt is { } assessed)
        {
            writer.Line(t["Consultation.AssessmentDiscussed"].Value + ": " + Date(assessed) + (minutes.AssessmentTemplate is { } template ? " — " + template : ""), 10);
        }
        writer.Space(8);

        if (minutes.Entries.Count == 0)
        {
            writer.Line(t["Minutes.NoEntries"].Value, 10, muted: true);
        }
        foreach (var kind in Enum.GetValues<MinutesEntryKind>())
        {
            var entries = minutes.Entries.Where(e => e.Kind == kind).ToList();
            if (entries.Count == 0)
            {
                continue;
            }
            writer.Heading(t["MinutesEntryKind." + kind].Value, 13);
            foreach (var e in entries)
            {
                writer.Space(2);
                writer.Paragraph("• " + e.Text, 10);
                if (e.OrganisationName is not null)
                {
                    writer.Line(e.LegalBasis is null ? e.OrganisationName : t["Minutes.BroughtInBy", e.OrganisationName, e.LegalBasis].Value, 9, indent: 12, muted: true);
                }
                if (e.DecidedBy is { } mode)
                {
                    writer.Line(t["DecisionMode.Decided." + mode].Value, 9, indent: 12, muted: true);
                }
                if (e.Kind == MinutesEntryKind.Action)
                {
                    writer.Line(t["Minutes.OwnerDeadline", e.OwnerOrganisationName ?? "—", e.Deadline?.ToString("d", culture) ?? "—"].Value, 9, indent: 12);
                    if (e.PlanTask is { } task)
                    {
                        writer.Line(t["Minutes.InPlan", t["LifeDomain." + task.Domain].Value, task.InterventionName, task.ResponsibleOrganisationName,
                            task.DueOn.ToString("d", culture)].Value, 9, indent: 12);
                    }
                }
                if (e.CorrectedAt is { } corrected)
                {
                    writer.Line(t["Consultation.CorrectedAt", Date(corrected)].Value, 9, indent: 12, muted: true);
                }
            }
            writer.Space(6);
        }
        return DocumentWriter.Save(document, writer);
    }
}
