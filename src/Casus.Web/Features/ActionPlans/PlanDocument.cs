using System.Globalization;
using Casus.Web.Platform.Localization;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Casus.Web.Features.ActionPlans;

/// <summary>
/// The plan as a PDF document in the reader's language, under the municipality's name. It names organisations and
/// their functional mailboxes, never staff; the person is named by the case reference only.
/// </summary>
public sealed class PlanDocument(IStringLocalizer<SharedResource> t, TimeProvider time)
{

    static PlanDocument() => EmbeddedFonts.Register();

    public byte[] Render(PlanDetail plan)
    {
        using var document = new PdfDocument();
        document.Info.Title = t["Plan.DocumentTitle", plan.CaseReference].Value;
        document.Info.Creator = "Casus";
        document.Options.CompressContentStreams = false;
        var writer = new DocumentWriter(document, t["Plan.Letterhead", plan.MunicipalityName].Value, t["Plan.Confidential"].Value);
        var culture = CultureInfo.CurrentCulture;

        writer.Heading(t["Plan.DocumentTitle", plan.CaseReference].Value, 18);
        writer.Line(t["Plan.DocumentFacts", plan.Number, plan.ChangedAt.ToLocalTime().ToString("d", culture),
            DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("d", culture)].Value, 9, muted: true);
        writer.Line(plan.NextReviewOn is { } next ? t["Plan.NextReview", next.ToString("d", culture)].Value : t["Plan.NoNextReview"].Value, 10);
        writer.Space(8);

        foreach (var goal in plan.Goals)
        {
            writer.Heading(t["LifeDomain." + goal.Domain].Value, 13);
            writer.Paragraph(goal.Description, 10);
            if (goal.Actions.Count == 0)
            {
                writer.Line(t["Plan.NoActions"].Value, 9, muted: true);
            }
            foreach (var a in goal.Actions)
            {
                writer.Space(2);
                writer.Line("• " + a.InterventionName + " (" + t["InterventionKind." + a.InterventionKind].Value + ")", 10, bold: true);
                writer.Line(t["Plan.ResponsibleLine", a.ResponsibleOrganisationName, a.ResponsibleMailbox ?? "—"].Value, 9, indent: 12);
                writer.Line(t["Plan.PeriodLine", a.StartOn.ToString("d", culture), a.DueOn.ToString("d", culture), t["PlanActionStatus." + a.Status].Value].Value
                    + (a.Overdue ? " — " + t["Plan.Overdue"].Value : ""), 9, indent: 12);
                if (a.Result is not null)
                {
                    writer.Paragraph(t["Plan.ResultLine", a.Result].Value, 9, indent: 12);
                }
            }
            writer.Space(8);
        }

        if (plan.Reviews.Count > 0)
        {
            writer.Heading(t["Plan.Reviews"].Value, 13);
            foreach (var r in plan.Reviews)
            {
                writer.Line(t["Plan.ReviewLine", r.At.ToLocalTime().ToString("d", culture), r.ReviewerOrganisationName ?? "—", t["ReviewDecision." + r.Decision].Value].Value, 10, bold: true);
                foreach (var p in r.Progress)
                {
                    var domain = plan.Goals.FirstOrDefault(g => g.Id == p.GoalId)?.Domain;
                    writer.Paragraph((domain is { } d ? t["LifeDomain." + d].Value + ": " : "") + p.Progress, 9, indent: 12);
                }
                if (r.Summary is not null)
                {
                    writer.Paragraph(r.Summary, 9, indent: 12);
                }
                writer.Space(4);
            }
        }
        writer.Finish();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }
}

/// <summary>
/// Lays out lines top to bottom, wrapping words and starting new pages with the letterhead and footer: the house style
/// of Casus's PDF documents (the action plan, the minutes of a case consultation).
/// </summary>
public sealed class DocumentWriter
{
    private const double Margin = 56;
    private static readonly XColor Accent = XColor.FromArgb(0x15, 0x42, 0x73);
    private readonly PdfDocument _document;
    private readonly string _letterhead;
    private readonly string _footer;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;

    /// <summary>A writer on a new first page; <paramref name="letterhead"/> and <paramref name="footer"/> repeat on every page.</summary>
    public DocumentWriter(PdfDocument document, string letterhead, string footer)
    {
        _document = document;
        _letterhead = letterhead;
        _footer = footer;
        NewPage();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        var width = _page.Width.Point;
        _gfx.DrawRectangle(new XSolidBrush(Accent), 0, 0, width, 36);
        _gfx.DrawString(_letterhead, Font(11, bold: true), XBrushes.White, new XPoint(Margin, 23));
        _gfx.DrawString(_footer + " — " + _document.PageCount, Font(8), XBrushes.Gray, new XPoint(Margin, _page.Height.Point - 28));
        _y = 64;
    }

    // WinAnsi covers the Dutch and English texts and keeps the words searchable in the file.
    private static XFont Font(double size, bool bold = false) =>
        new(EmbeddedFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.WinAnsi));

    public void Space(double points) => _y += points;

    public void Heading(string text, double size)
    {
        Ensure(size * 2.2);
        _y += size * 0.4;
        Write(text, Font(size, bold: true), new XSolidBrush(Accent), 0);
    }

    public void Line(string text, double size, bool bold = false, bool muted = false, double indent = 0) =>
        Write(text, Font(size, bold), muted ? XBrushes.Gray : XBrushes.Black, indent);

    public void Paragraph(string text, double size, double indent = 0)
    {
        foreach (var line in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            Write(line, Font(size), XBrushes.Black, indent);
        }
    }

    private void Write(string text, XFont font, XBrush brush, double indent)
    {
        var width = _page!.Width.Point - 2 * Margin - indent;
        foreach (var line in Wrap(text, font, width))
        {
            var height = font.Size * 1.35;
            Ensure(height);
            _gfx!.DrawString(line, font, brush, new XPoint(Margin + indent, _y + font.Size));
            _y += height;
        }
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        var current = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && _gfx!.MeasureString(candidate, font).Width > width)
            {
                yield return current;
                current = word;
            }
            else
            {
                current = candidate;
            }
        }
        yield return current;
    }

    private void Ensure(double height)
    {
        if (_y + height > _page!.Height.Point - 48)
        {
            NewPage();
        }
    }

    public void Finish() => _gfx?.Dispose();

    /// <summary>Finishes the last page and answers the document's bytes.</summary>
    public static byte[] Save(PdfDocument document, DocumentWriter writer)
    {
        writer.Finish();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }
}

/// <summary>The fonts of the PDF documents: embedded in the application (PDFsharp's Segoe WP), so no system fonts are needed.</summary>
public sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "Casus Sans";
    private static readonly Lock Gate = new();

    public static void Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "SegoeWPBold" : "SegoeWP", false, italic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        "SegoeWPBold" => PdfSharp.WPFonts.FontDataHelper.SegoeWPBold,
        _ => PdfSharp.WPFonts.FontDataHelper.SegoeWP,
    };
}
