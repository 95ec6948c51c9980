using System.Security.Cryptography;
using System.Text;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.PartnerSystems;

public sealed record PartnerSystemDto(Guid Id, Guid OrganisationId, string OrganisationName, string Name, string ClientId, string Scopes,
    bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, Guid Version);

public sealed record PartnerSystemInput(Guid? OrganisationId, string? Name);

/// <summary>The registration result: the only moment the secret is ever shown.</summary>
public sealed record PartnerSystemCredentials(PartnerSystemDto Client, string ClientSecret);

/// <summary>Registering and deactivating partner systems (system administrators only).</summary>
public sealed class PartnerSystemAdmin(CasusDbContext db, TimeProvider time)
{
    public async Task<PageOf<PartnerSystemDto>> ListAsync(ListQuery query, CancellationToken ct = default)
    {
        var rows = db.Set<PartnerSystemClient>().AsNoTracking();
        if (query.Term is { } term)
        {
            var lower = term.ToLower();
            rows = rows.Where(c => c.Name.ToLower().Contains(lower) || c.ClientId.Contains(term));
        }
        var total = await rows.CountAsync(ct);
        var items = await Project(rows.OrderBy(c => c.Name).Skip(query.Skip).Take(query.SafePageSize)).ToListAsync(ct);
        return new PageOf<PartnerSystemDto>(items, query.SafePage, query.SafePageSize, total);
    }

    public async Task<Result<PartnerSystemCredentials>> CreateAsync(PartnerSystemInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors().Required("Name", input.Name, 200);
        if (input.OrganisationId is null || !await db.Organisations.AnyAsync(o => o.Id == input.OrganisationId && o.IsActive, ct))
        {
            errors.Add("OrganisationId", "Validation.OrganisationId.Required");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var client = new PartnerSystemClient
        {
            OrganisationId = input.OrganisationId!.Value, Name = input.Name!.Trim(),
            ClientId = "ps_" + Base64Url(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant().Replace('_', 'x').Replace('-', 'y'),
            SecretHash = HashSecret(secret), CreatedAt = time.GetUtcNow(),
        };
        db.Add(client);
        await db.SaveChangesAsync(ct);
        return new PartnerSystemCredentials(await Project(db.Set<PartnerSystemClient>().Where(c => c.Id == client.Id)).SingleAsync(ct), secret);
    }

    /// <summary>Deactivating takes effect at once: tokens already issued are refused at their next use.</summary>
    public async Task<Result<PartnerSystemDto>> SetActiveAsync(Guid id, bool active, CancellationToken ct = default)
    {
        var client = await db.Set<PartnerSystemClient>().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return AppError.NotFound();
        }
        client.IsActive = active;
        await db.SaveChangesAsync(ct);
        return await Project(db.Set<PartnerSystemClient>().Where(c => c.Id == id)).SingleAsync(ct);
    }

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private IQueryable<PartnerSystemDto> Project(IQueryable<PartnerSystemClient> rows) =>
        from c in rows
        join o in db.Organisations on c.OrganisationId equals o.Id
        select new PartnerSystemDto(c.Id, c.OrganisationId, o.Name, c.Name, c.ClientId, c.Scopes, c.IsActive, c.CreatedAt, c.LastUsedAt, c.Version);
}
