using System.IO.Compression;
using System.Text;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Encryption;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Signals;

/// <summary>A file that came with a signal. Its name and content are encrypted with the signal's data key.</summary>
public sealed class SignalAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SignalId { get; set; }
    public required string FileNameCiphertext { get; set; }
    /// <summary>The type Casus recognised from the content (never the browser's claim).</summary>
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public Guid? AddedBy { get; set; }
}

/// <summary>The encrypted bytes, apart from the metadata so that lists never load them.</summary>
public sealed class SignalAttachmentContent
{
    public Guid AttachmentId { get; set; }
    public required byte[] Ciphertext { get; set; }
}

public sealed class SignalAttachmentConfiguration : IEntityTypeConfiguration<SignalAttachment>, IEntityTypeConfiguration<SignalAttachmentContent>
{
    public void Configure(EntityTypeBuilder<SignalAttachment> builder)
    {
        builder.ToTable("SignalAttachments");
        builder.Property(x => x.ContentType).HasMaxLength(100);
        builder.HasIndex(x => x.SignalId);
        builder.HasOne<Signal>().WithMany().HasForeignKey(x => x.SignalId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<SignalAttachmentContent> builder)
    {
        builder.ToTable("SignalAttachmentContents");
        builder.HasKey(x => x.AttachmentId);
        builder.HasOne<SignalAttachment>().WithOne().HasForeignKey<SignalAttachmentContent>(x => x.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A file as it arrives from a form or the API, before any checks.</summary>
public sealed record AttachmentUpload(string FileName, long Length, Func<Stream> Open);

public sealed record AttachmentInfo(Guid Id, string FileName, string ContentType, long Size, DateTimeOffset AddedAt);

/// <summary>
/// The rules for files: at most <see cref="MaxFiles"/> files of at most <see cref="MaxBytes"/> each, of a few
/// document and image types recognised by their content (a renamed program is refused), stored encrypted in the
/// database — outside the web root, shredded with the person's key — and only ever offered as a download.
/// </summary>
public static class AttachmentRules
{
    public const int MaxFiles = 5;
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Reads and checks the uploads; returns them as (name, type, bytes) or the field errors.</summary>
    public static async Task<(List<(string Name, string Type, byte[] Bytes)> Files, FieldErrors Errors)> ReadAsync(IReadOnlyList<AttachmentUpload> uploads, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var files = new List<(string, string, byte[])>();
        if (uploads.Count > MaxFiles)
        {
            errors.Add("Attachments", "Validation.Attachments.TooMany");
            return (files, errors);
        }
        foreach (var upload in uploads)
        {
            var name = Path.GetFileName(upload.FileName.Replace('\\', '/')).Trim();
            if (upload.Length == 0)
            {
                errors.Add("Attachments", "Validation.Attachments.Empty");
                continue;
            }
            if (upload.Length > MaxBytes)
            {
                errors.Add("Attachments", "Validation.Attachments.TooLarge");
                continue;
            }
            if (name.Length is 0 or > 200)
            {
                errors.Add("Attachments", "Validation.Attachments.Name");
                continue;
            }
            using var buffer = new MemoryStream();
            await using (var stream = upload.Open())
            {
                await stream.CopyToAsync(buffer, ct);
            }
            var bytes = buffer.ToArray();
            var type = Sniff(bytes, Path.GetExtension(name).ToLowerInvariant());
            if (type is null)
            {
                errors.Add("Attachments", "Validation.Attachments.Type");
                continue;
            }
            files.Add((name, type, bytes));
        }
        return (files, errors);
    }

    /// <summary>The content type when the bytes really are what the extension says, otherwise null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes, string extension) => extension switch
    {
        ".pdf" when bytes.StartsWith("%PDF-"u8) => "application/pdf",
        ".png" when bytes.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) => "image/png",
        ".jpg" or ".jpeg" when bytes.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) => "image/jpeg",
        ".txt" when IsPlainText(bytes) => "text/plain",
        ".docx" when IsOfficeDocument(bytes.ToArray(), "word/") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => null,
    };

    private static bool IsPlainText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0))
        {
            return false;
        }
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A .docx is a zip with [Content_Types].xml and a word/ folder; macros (vbaProject) are refused.</summary>
    private static bool IsOfficeDocument(byte[] bytes, string folder)
    {
        if (!bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return false;
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            return names.Contains("[Content_Types].xml") && names.Any(n => n.StartsWith(folder, StringComparison.Ordinal))
                && !names.Any(n => n.Contains("vbaProject", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}

/// <summary>Lists and downloads attachments for the people who may see the signal, each read in the processing log.</summary>
public sealed class SignalAttachments(CasusDbContext db, SignalAccess access, PersonDataProtector protector, IProcessingLogger log)
{
    public const string FileNameField = "attachment-name";
    public const string ContentField = "attachment-content";

    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(Signal signal, CancellationToken ct)
    {
        var rows = await db.Set<SignalAttachment>().AsNoTracking().Where(a => a.SignalId == signal.Id).OrderBy(a => a.AddedAt).ToListAsync(ct);
        var list = new List<AttachmentInfo>();
        foreach (var a in rows)
        {
            list.Add(new AttachmentInfo(a.Id, await protector.DecryptAsync(signal.DataKeyId, FileNameField + ":" + a.Id.ToString("N"), a.FileNameCiphertext, ct), a.ContentType, a.Size, a.AddedAt));
        }
        return list;
    }

    public async Task<Result<(string FileName, byte[] Bytes)>> DownloadAsync(Guid signalId, Guid attachmentId, CancellationToken ct)
    {
        var signal = await access.Visible().AsNoTracking().SingleOrDefaultAsync(s => s.Id == signalId, ct);
        var attachment = signal is null ? null
            : await db.Set<SignalAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.SignalId == signalId, ct);
        if (signal is null || attachment is null)
        {
            return AppError.NotFound();
        }
        var content = await db.Set<SignalAttachmentContent>().AsNoTracking().SingleAsync(c => c.AttachmentId == attachmentId, ct);
        var name = await protector.DecryptAsync(signal.DataKeyId, FileNameField + ":" + attachment.Id.ToString("N"), attachment.FileNameCiphertext, ct);
        var bytes = await protector.DecryptBytesAsync(signal.DataKeyId, ContentField + ":" + attachment.Id.ToString("N"), content.Ciphertext, ct);
        await log.RecordReadAsync(SignalActivities.Signals, "read-attachment", [SignalActivities.Subject(signal.PersonId)], ct);
        return (name, bytes);
    }

    /// <summary>Adds checked files to a signal being saved (in the caller's unit of work).</summary>
    public static async Task AddAsync(CasusDbContext db, PersonDataProtector protector, Signal signal, IEnumerable<(string Name, string Type, byte[] Bytes)> files,
        Guid? addedBy, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (name, type, bytes) in files)
        {
            var attachment = new SignalAttachment
            {
                SignalId = signal.Id, ContentType = type, Size = bytes.Length, AddedAt = now, AddedBy = addedBy, FileNameCiphertext = "",
            };
            attachment.FileNameCiphertext = await protector.EncryptAsync(signal.DataKeyId, FileNameField + ":" + attachment.Id.ToString("N"), name, ct);
            db.Add(attachment);
            db.Add(new SignalAttachmentContent
            {
                AttachmentId = attachment.Id,
                Ciphertext = await protector.EncryptBytesAsync(signal.DataKeyId, ContentField + ":" + attachment.Id.ToString("N"), bytes, ct),
            });
        }
    }
}
