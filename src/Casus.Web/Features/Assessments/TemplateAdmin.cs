using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Localization;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Casus.Web.Features.Assessments;

public sealed record TemplateDto(Guid Id, string Key, int TemplateVersion, string NameNl, string NameEn, bool RequiresCertification,
    DateTimeOffset LoadedAt, DateTimeOffset? RetiredAt, int AssessmentCount, Guid Version);

public sealed record TemplateDetail(TemplateDto Template, TemplateDocument Document);

/// <summary>
/// Loading, listing and retiring assessment templates (system admins). A version in use is frozen: loading the same
/// key and version again is refused once an assessment used it, and the message says to load a new version.
/// </summary>
public sealed class TemplateAdmin(CasusDbContext db, ICurrentUser me, TimeProvider time, IStringLocalizer<SharedResource> t)
{
    public async Task<IReadOnlyList<TemplateDto>> ListAsync(bool includeRetired = true, CancellationToken ct = default)
    {
        var list = await Dtos(db.Set<AssessmentTemplate>().Where(x => includeRetired || x.RetiredAt == null)).ToListAsync(ct);
        return list.OrderBy(x => x.Key, StringComparer.Ordinal).ThenByDescending(x => x.TemplateVersion).ToList();
    }

    public async Task<Result<TemplateDetail>> GetAsync(Guid id, CancellationToken ct = default)
    {
        var dto = await Dtos(db.Set<AssessmentTemplate>().Where(x => x.Id == id)).FirstOrDefaultAsync(ct);
        if (dto is null)
        {
            return AppError.NotFound();
        }
        var definition = await db.Set<AssessmentTemplate>().Where(x => x.Id == id).Select(x => x.Definition).SingleAsync(ct);
        return new TemplateDetail(dto, TemplateDocument.FromStored(definition));
    }

    public async Task<Result<TemplateDto>> LoadAsync(string? json, CancellationToken ct = default)
    {
        var (document, problems) = TemplateDocument.Parse(json);
        if (document is null)
        {
            return Invalid(problems);
        }
        var existing = await db.Set<AssessmentTemplate>().FirstOrDefaultAsync(x => x.Key == document.Key && x.TemplateVersion == document.Version, ct);
        if (existing is not null)
        {
            if (existing.RetiredAt is not null || await db.Set<Assessment>().AnyAsync(a => a.TemplateId == existing.Id, ct))
            {
                var next = await db.Set<AssessmentTemplate>().Where(x => x.Key == document.Key).MaxAsync(x => x.TemplateVersion, ct) + 1;
                return new AppError("template_version_in_use", StatusCodes.Status409Conflict, t["Template.VersionInUse", document.Key, document.Version, next].Value);
            }
            // Not used yet: the author may still correct this version.
            Apply(existing, document);
        }
        else
        {
            existing = new AssessmentTemplate { Key = document.Key, NameNl = "", NameEn = "", Definition = "" };
            Apply(existing, document);
            db.Add(existing);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone loaded or used the same key and version in between (unique index, concurrency token).
            return AppError.Conflict();
        }
        return await Dtos(db.Set<AssessmentTemplate>().Where(x => x.Id == existing.Id)).SingleAsync(ct);
    }

    public async Task<Result<TemplateDto>> RetireAsync(Guid id, Guid expectedVersion, CancellationToken ct = default)
    {
        var template = await db.Set<AssessmentTemplate>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (template is null)
        {
            return AppError.NotFound();
        }
        if (template.Version != expectedVersion)
        {
            return AppError.Conflict();
        }
        if (template.RetiredAt is null)
        {
            template.RetiredAt = time.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return AppError.Conflict();
            }
        }
        return await Dtos(db.Set<AssessmentTemplate>().Where(x => x.Id == id)).SingleAsync(ct);
    }

    /// <summary>Problems with a document as a validation error; each message is already in the user's language.</summary>
    private AppError Invalid(IReadOnlyList<TemplateProblem> problems) => AppError.Validation(new Dictionary<string, string[]>
    {
        ["Document"] = problems.Select(p => t[p.Key, p.Args].Value).ToArray(),
    });

    private void Apply(AssessmentTemplate template, TemplateDocument document)
    {
        template.TemplateVersion = document.Version;
        template.NameNl = document.NameNl;
        template.NameEn = document.NameEn;
        template.RequiresCertification = document.RequiresCertification;
        template.Definition = document.Serialize();
        template.LoadedAt = time.GetUtcNow();
        template.LoadedBy = me.UserId ?? throw new InvalidOperationException("Loading a template needs a signed-in user.");
    }

    private IQueryable<TemplateDto> Dtos(IQueryable<AssessmentTemplate> templates) => templates.Select(x => new TemplateDto(
        x.Id, x.Key, x.TemplateVersion, x.NameNl, x.NameEn, x.RequiresCertification, x.LoadedAt, x.RetiredAt,
        db.Set<Assessment>().Count(a => a.TemplateId == x.Id), x.Version));

    /// <summary>The example template Casus ships, for the demo; a real organisation loads its own.</summary>
    public static string NeutralExample()
    {
        using var stream = typeof(TemplateAdmin).Assembly.GetManifestResourceStream("Casus.Web.Features.Assessments.Templates.neutral-example.json")
            ?? throw new InvalidOperationException("The example assessment template is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the example template into a demo database that has none yet.</summary>
    public static async Task SeedExampleAsync(CasusDbContext db, Guid loadedBy, DateTimeOffset now, CancellationToken ct = default)
    {
        var (document, problems) = TemplateDocument.Parse(NeutralExample());
        if (document is null)
        {
            throw new InvalidOperationException("The example assessment template is invalid: " + string.Join("; ", problems.Select(p => p.Key)));
        }
        if (await db.Set<AssessmentTemplate>().AnyAsync(x => x.Key == document.Key, ct))
        {
            return;
        }
        db.Add(new AssessmentTemplate
        {
            Key = document.Key, TemplateVersion = document.Version, NameNl = document.NameNl, NameEn = document.NameEn,
            RequiresCertification = document.RequiresCertification, Definition = document.Serialize(), LoadedAt = now, LoadedBy = loadedBy,
        });
        await db.SaveChangesAsync(ct);
    }
}
