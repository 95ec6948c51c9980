using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Casus.Tests.Support;
using Casus.Web.Features.Signals;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Tests.Features.Signals;

/// <summary>Files with a signal: recognised by content, stored encrypted, downloaded only by those who may see the signal.</summary>
public sealed class AttachingFilesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% screenshot-planted-content of the group chat\n%%EOF\n");

    private async Task<HttpResponseMessage> ReportWithFilesAsync(CasusClient client, string surname, params (string Name, byte[] Bytes)[] files)
    {
        var page = await client.GetPageAsync("/signals/new");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(CasusClient.AntiforgeryToken(page)), "__af" },
            { new StringContent((await app.MunicipalityIdAsync("Lindendal")).ToString()), "Input.MunicipalityId" },
            { new StringContent("Ilse"), "Input.GivenNames" },
            { new StringContent(surname), "Input.Surname" },
            { new StringContent("Unclear"), "Input.Phenomenon" },
            { new StringContent("Zie de bijlage."), "Input.Narrative" },
            { new StringContent("Normal"), "Input.Urgency" },
        };
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf"); // what a browser claims does not count
            form.Add(content, "Attachments", name);
        }
        return await client.Http.PostAsync("/signals/new", form);
    }

    [Fact]
    public async Task A_file_is_stored_with_the_signal_and_offered_only_as_a_download_to_those_who_may_see_it()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var response = await ReportWithFilesAsync(police, "Bijlage-een", ("chat van Ilse.pdf", Pdf));
        await Expect.StatusAsync(response, HttpStatusCode.Redirect);
        var id = await app.WithDbAsync(db => db.Set<Signal>().OrderByDescending(s => s.ReceivedAt).Select(s => s.Id).FirstAsync());

        using var coordinator = await app.SignedInAsAsync(Roles.ProcessCoordinator);
        var signal = await coordinator.SignalAsync(id);
        var attachment = Assert.Single(signal.Attachments);
        Assert.Equal("chat van Ilse.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);

        var download = await coordinator.GetAsync($"/api/v1/signals/{id}/attachments/{attachment.Id}");
        await Expect.StatusAsync(download, HttpStatusCode.OK);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());

        using var mentalHealth = await app.SignedInAsAsync(Roles.OccasionalPartner);
        var refused = await mentalHealth.GetAsync($"/api/v1/signals/{id}/attachments/{attachment.Id}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("screenshot-planted", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        if (!TestDatabase.OnPostgres)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var bytes = Directory.GetFiles(app.Database.Folder, "casus.db*").SelectMany(File.ReadAllBytes).ToArray();
            Assert.Equal(-1, bytes.AsSpan().IndexOf("screenshot-planted"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("chat van Ilse"u8));
        }
    }

    [Theory]
    [InlineData("programma.pdf", "MZ-executable", "Een bestand is geen PDF")]
    [InlineData("foto.png", "%PDF-1.4 not a png", "Een bestand is geen PDF")]
    [InlineData("leeg.txt", "", "Een bestand is leeg.")]
    public async Task A_file_that_is_not_what_it_says_is_refused_and_nothing_is_stored(string name, string content, string message)
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var before = await app.WithDbAsync(db => db.Set<Signal>().CountAsync());
        var response = await ReportWithFilesAsync(police, "Geweigerd", ("goed.pdf", Pdf), (name, Encoding.ASCII.GetBytes(content)));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Signal>().CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SignalAttachment>().CountAsync(a => a.Size == content.Length && content.Length > 0)));
    }

    [Fact]
    public async Task A_file_over_ten_megabytes_is_refused()
    {
        using var police = await app.SignedInAsAsync(Roles.PartnerProfessional);
        var big = new byte[AttachmentRules.MaxBytes + 1];
        Pdf.CopyTo(big, 0);
        var response = await ReportWithFilesAsync(police, "Te-groot", ("groot.pdf", big));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Contains("Een bestand is groter dan 10 MB.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<SignalAttachment>().AnyAsync(a => a.Size > AttachmentRules.MaxBytes)));
    }

    [Fact]
    public void Content_is_recognised_by_its_bytes_not_its_name()
    {
        Assert.Equal("application/pdf", AttachmentRules.Sniff(Pdf, ".pdf"));
        Assert.Null(AttachmentRules.Sniff(Pdf, ".png"));
        Assert.Equal("text/plain", AttachmentRules.Sniff("Gewoon tekst, met é en ü."u8, ".txt"));
        Assert.Null(AttachmentRules.Sniff(new byte[] { 0x41, 0x00, 0x42 }, ".txt"));
        Assert.Null(AttachmentRules.Sniff("PK\u0003\u0004 broken zip"u8, ".docx"));
    }
}
