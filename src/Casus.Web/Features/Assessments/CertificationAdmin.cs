using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Assessments;

public sealed record CertificationDto(Guid Id, Guid UserId, string UserName, string OrganisationName, string TemplateKey,
    DateOnly CertifiedOn, DateOnly ValidUntil, string? Note, DateTimeOffset RecordedAt, DateTimeOffset? RevokedAt, Guid Version);

public sealed record CertificationInput(Guid? UserId, string? TemplateKey, DateOnly? CertifiedOn, DateOnly? ValidUntil, string? Note);

/// <summary>
/// Assessors' certifications per template key, recorded and revoked by system admins. Recording an assessment with a
/// template that requires certification checks these (see <see cref="RecordAssessment"/>).
/// </summary>
public sealed class CertificationAdmin(CasusDbContext db, ICurrentUser me, TimeProvider time)
{
    public async Task<IReadOnlyList<CertificationDto>> ListAsync(CancellationToken ct = default)
    {
        var list = await Dtos(db.Set<AssessorCertification>()).ToListAsync(ct);
        return list.OrderBy(c => c.RevokedAt is not null).ThenBy(c => c.UserName, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(c => c.TemplateKey, StringComparer.Ordinal).ThenByDescending(c => c.ValidUntil).ToList();
    }

    public async Task<Result<CertificationDto>> GetAsync(Guid id, CancellationToken ct = default) =>
        await Dtos(db.Set<AssessorCertification>().Where(c => c.Id == id)).FirstOrDefaultAsync(ct) is { } dto ? dto : AppError.NotFound();

    public async Task<Result<CertificationDto>> AddAsync(CertificationInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors().Optional("Note", input.Note, TemplateRules.NoteMax);
        if (input.UserId is not { } userId || !await db.Users.AnyAsync(u => u.Id == userId && u.IsActive, ct))
        {
            errors.Add("UserId", "Validation.Certification.User");
        }
        if (string.IsNullOrWhiteSpace(input.TemplateKey) || !await db.Set<AssessmentTemplate>().AnyAsync(x => x.Key == input.TemplateKey, ct))
        {
            errors.Add("TemplateKey", "Validation.Certification.TemplateKey");
        }
        if (input.CertifiedOn is null)
        {
            errors.Add("CertifiedOn", "Validation.Certification.CertifiedOn");
        }
        if (input.ValidUntil is null)
        {
            errors.Add("ValidUntil", "Validation.Certification.ValidUntil");
        }
        else if (input.CertifiedOn is { } from && input.ValidUntil < from)
        {
            errors.Add("ValidUntil", "Validation.Certification.ValidUntilBeforeCertified");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var certification = new AssessorCertification
        {
            UserId = input.UserId!.Value, TemplateKey = input.TemplateKey!, CertifiedOn = input.CertifiedOn!.Value, ValidUntil = input.ValidUntil!.Value,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), RecordedAt = time.GetUtcNow(),
            RecordedBy = me.UserId ?? throw new InvalidOperationException("Recording a certification needs a signed-in user."),
        };
        db.Add(certification);
        await db.SaveChangesAsync(ct);
        return await GetAsync(certification.Id, ct);
    }

    /// <summary>Revokes a certification from now on; it stays in the list as revoked, so who was certified when stays known.</summary>
    public async Task<Result<CertificationDto>> RevokeAsync(Guid id, Guid expectedVersion, CancellationToken ct = default)
    {
        var certification = await db.Set<AssessorCertification>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (certification is null)
        {
            return AppError.NotFound();
        }
        if (certification.Version != expectedVersion)
        {
            return AppError.Conflict();
        }
        if (certification.RevokedAt is null)
        {
            certification.RevokedAt = time.GetUtcNow();
            certification.RevokedBy = me.UserId;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return AppError.Conflict();
            }
        }
        return await GetAsync(id, ct);
    }

    /// <summary>People who may assess: accounts with a role that can hold a case, for the "add" form.</summary>
    public async Task<IReadOnlyList<Choice>> AssessorChoicesAsync(CancellationToken ct = default)
    {
        var roleIds = db.Roles.Where(r => Cases.CasePolicies.MemberRoles.Contains(r.Name!)).Select(r => r.Id);
        var userIds = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        var users = await db.Users.Where(u => u.IsActive && userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, Organisation = u.Organisation!.Name }).ToListAsync(ct);
        return users.OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(u => new Choice(u.Id.ToString(), $"{u.DisplayName} ({u.Organisation})")).ToList();
    }

    private IQueryable<CertificationDto> Dtos(IQueryable<AssessorCertification> certifications) =>
        from c in certifications
        join u in db.Users on c.UserId equals u.Id
        select new CertificationDto(c.Id, c.UserId, u.DisplayName, u.Organisation!.Name, c.TemplateKey, c.CertifiedOn, c.ValidUntil, c.Note,
            c.RecordedAt, c.RevokedAt, c.Version);
}
