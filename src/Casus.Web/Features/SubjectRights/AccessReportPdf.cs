using System.Globalization;
using Casus.Web.Platform.Localization;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Casus.Web.Features.SubjectRights;

/// <summary>
/// The access report on paper (PDF): a heading, who it was shared with, then one section per record with its source
/// organisation. A withheld part shows only "withheld: ground"; a part still to decide is marked as such.
/// </summary>
public sealed class AccessReportPdf(IStringLocalizer<SharedResource> t)
{
    public byte[] Render(AccessReportDocument report)
    {
        using var writer = new ReportWriter(t);
        return writer.Render(report);
    }
}

internal sealed class ReportWriter(IStringLocalizer<SharedResource> t) : IDisposable
{
    private const double Margin = 50;
    private XFont _title = null!, _heading = null!, _body = null!, _bold = null!, _small = null!;
    private PdfDocument _document = null!;
    private XGraphics _gfx = null!;
    private double _y;

    public byte[] Render(AccessReportDocument report)
    {
        EmbeddedFonts.Register();
        _title = new XFont(EmbeddedFonts.Family, 18, XFontStyleEx.Bold);
        _heading = new XFont(EmbeddedFonts.Family, 13, XFontStyleEx.Bold);
        _bold = new XFont(EmbeddedFonts.Family, 9.5, XFontStyleEx.Bold);
        _body = new XFont(EmbeddedFonts.Family, 9.5, XFontStyleEx.Regular);
        _small = new XFont(EmbeddedFonts.Family, 8, XFontStyleEx.Regular);
        _document = new PdfDocument();
        _document.Info.Title = t["SubjectRights.Report.Title"].Value + " " + report.RecordReference;
        NewPage();
        Write(t["SubjectRights.Report.Title"].Value, _title, 0, 26);
        Write(t["SubjectRights.Report.Intro", report.RecordReference, Day(report.ReceivedOn), Day(report.DueOn),
            report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)].Value, _body, 0, 13);
        _y += 8;
        Write(t["SubjectRights.Report.SharedWith"].Value, _heading, 0, 18);
        Write(report.SharedWith.Count == 0 ? "—" : string.Join(", ", report.SharedWith), _body, 0, 13);
        foreach (var section in new[] { "signal", "weighing", "case", "assessment", "log" })
        {
            var parts = report.Parts.Where(p => p.Section == section).ToList();
            if (parts.Count == 0)
            {
                continue;
            }
            _y += 10;
            Write(t["SubjectRights.Section." + section].Value, _heading, 0, 18);
            foreach (var part in parts)
            {
                _y += 4;
                var title = part.Title.Length > 0 ? part.Title + " — " : "";
                Write(title + t["SubjectRights.Report.Source", part.SourceOrganisation].Value, _bold, 0, 13);
                if (part.Withheld)
                {
                    Write(t["SubjectRights.Report.Withheld", part.WithholdReason ?? ""].Value, _bold, 12, 13);
                    continue;
                }
                if (part.Undecided)
                {
                    Write(t["SubjectRights.Report.ToDecide"].Value, _bold, 12, 13);
                }
                foreach (var field in part.Fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)))
                {
                    Write($"{t["SubjectRights.Field." + field.Name].Value}: {field.Value}", _body, 12, 12.5);
                }
            }
        }
        using var stream = new MemoryStream();
        _document.Save(stream, false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document?.Dispose();
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void NewPage()
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(page);
        _y = Margin;
        var number = _document.PageCount.ToString(CultureInfo.InvariantCulture);
        _gfx.DrawString(t["SubjectRights.Report.Footer", number].Value, _small ?? new XFont(EmbeddedFonts.Family, 8), XBrushes.Gray,
            new XPoint(Margin, page.Height.Point - 30));
    }

    /// <summary>Writes text wrapped to the page width, starting a new page when the page is full.</summary>
    private void Write(string text, XFont font, double indent, double lineHeight)
    {
        var width = _gfx.PageSize.Width - 2 * Margin - indent;
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            foreach (var line in Wrap(paragraph, font, width))
            {
                if (_y + lineHeight > _gfx.PageSize.Height - Margin)
                {
                    NewPage();
                }
                _gfx.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, _y + lineHeight * 0.8));
                _y += lineHeight;
            }
        }
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (_gfx.MeasureString(candidate, font).Width <= width)
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0)
            {
                yield return line;
            }
            line = word;
            // A word longer than the line (a pseudonym, a long code) is cut.
            while (_gfx.MeasureString(line, font).Width > width && line.Length > 1)
            {
                var cut = line.Length - 1;
                while (cut > 1 && _gfx.MeasureString(line[..cut], font).Width > width)
                {
                    cut--;
                }
                yield return line[..cut];
                line = line[cut..];
            }
        }
        if (line.Length > 0 || text.Length == 0)
        {
            yield return line;
        }
    }
}

/// <summary>The fonts of generated PDFs, shipped inside the application (DejaVu Sans, free licence): no system fonts needed.</summary>
public sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "Casus Sans";
    private static readonly object Gate = new();

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
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"Casus.Web.Fonts.{faceName}.ttf")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
