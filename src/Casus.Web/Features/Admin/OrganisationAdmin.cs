using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Admin;

public sealed record OrganisationDto(Guid Id, Guid RegionId, string RegionName, string Name, OrganisationType Type,
    string LegalFramework, string? FunctionalMailbox, bool RequirePasskeys, bool IsActive, IReadOnlyList<Guid> MunicipalityIds, Guid Version);

public sealed record OrganisationInput(Guid? RegionId, string? Name, OrganisationType? Type, string? LegalFramework,
    string? FunctionalMailbox, bool RequirePasskeys, bool IsActive, IReadOnlyList<Guid>? MunicipalityIds);

/// <summary>Partner organisations: type, legal framework text, functional mailbox, municipalities served, passkey rule.</summary>
public sealed class OrganisationAdmin(CasusDbContext db, TimeProvider time)
{
    public async Task<PageOf<OrganisationDto>> ListAsync(ListQuery query, Guid? regionId, OrganisationType? type, CancellationToken ct = default)
    {
        var rows = db.Organisations.AsNoTracking();
        if (regionId is { } region)
        {
            rows = rows.Where(o => o.RegionId == region);
        }
        if (type is { } t)
        {
            rows = rows.Where(o => o.Type == t);
        }
        if (query.Term is { } term)
        {
            rows = rows.Where(o => o.Name.ToLower().Contains(term.ToLower()));
        }
        var total = await rows.CountAsync(ct);
        rows = query.Sort switch
        {
            "-name" => rows.OrderByDescending(o => o.Name),
            "type" => rows.OrderBy(o => o.Type).ThenBy(o => o.Name),
            _ => rows.OrderBy(o => o.Name),
        };
        var items = await Project(rows.Skip(query.Skip).Take(query.SafePageSize)).ToListAsync(ct);
        return new PageOf<OrganisationDto>(items, query.SafePage, query.SafePageSize, total);
    }

    public async Task<Result<OrganisationDto>> GetAsync(Guid id, CancellationToken ct = default) =>
        await Project(db.Organisations.AsNoTracking().Where(o => o.Id == id)).FirstOrDefaultAsync(ct) is { } dto ? dto : AppError.NotFound();

    public async Task<Result<OrganisationDto>> CreateAsync(OrganisationInput input, CancellationToken ct = default)
    {
        if (await ValidateAsync(input, null, ct) is { } error)
        {
            return error;
        }
        var organisation = new Organisation { RegionId = input.RegionId!.Value, Name = "", CreatedAt = time.GetUtcNow() };
        Apply(organisation, input);
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);
        return await GetAsync(organisation.Id, ct);
    }

    public async Task<Result<OrganisationDto>> UpdateAsync(Guid id, Guid expectedVersion, OrganisationInput input, CancellationToken ct = default)
    {
        var organisation = await db.Organisations.Include(o => o.Serves).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null)
        {
            return AppError.NotFound();
        }
        if (await ValidateAsync(input, organisation, ct) is { } error)
        {
            return error;
        }
        if (organisation.Version != expectedVersion)
        {
            return AppError.Conflict();
        }
        Apply(organisation, input);
        // The link rows are not versioned themselves: touching the organisation makes a concurrent edit conflict.
        db.Entry(organisation).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return await GetAsync(id, ct);
    }

    private static void Apply(Organisation organisation, OrganisationInput input)
    {
        organisation.Name = input.Name!.Trim();
        organisation.Type = input.Type!.Value;
        organisation.LegalFramework = input.LegalFramework?.Trim() ?? "";
        organisation.FunctionalMailbox = string.IsNullOrWhiteSpace(input.FunctionalMailbox) ? null : input.FunctionalMailbox.Trim();
        organisation.RequirePasskeys = input.RequirePasskeys;
        organisation.IsActive = input.IsActive;
        var wanted = (input.MunicipalityIds ?? []).Distinct().ToHashSet();
        organisation.Serves.RemoveAll(s => !wanted.Contains(s.MunicipalityId));
        foreach (var id in wanted.Where(id => organisation.Serves.All(s => s.MunicipalityId != id)))
        {
            organisation.Serves.Add(new OrganisationMunicipality { OrganisationId = organisation.Id, MunicipalityId = id });
        }
    }

    private static IQueryable<OrganisationDto> Project(IQueryable<Organisation> rows) =>
        rows.Select(o => new OrganisationDto(o.Id, o.RegionId, o.Region!.Name, o.Name, o.Type, o.LegalFramework, o.FunctionalMailbox,
            o.RequirePasskeys, o.IsActive, o.Serves.Select(s => s.MunicipalityId).ToList(), o.Version));

    private async Task<AppError?> ValidateAsync(OrganisationInput input, Organisation? self, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("Name", input.Name, 200).Optional("LegalFramework", input.LegalFramework, 4000)
            .Email("FunctionalMailbox", input.FunctionalMailbox, required: false);
        if (input.Type is null || !Enum.IsDefined(input.Type.Value))
        {
            errors.Add("Type", "Validation.Type.Required");
        }
        if (string.IsNullOrWhiteSpace(input.LegalFramework))
        {
            errors.Add("LegalFramework", "Validation.LegalFramework.Required");
        }
        var regionId = self?.RegionId ?? input.RegionId;
        if (regionId is null || !await db.Regions.AnyAsync(r => r.Id == regionId, ct))
        {
            errors.Add("RegionId", "Validation.RegionId.Required");
        }
        var municipalityIds = (input.MunicipalityIds ?? []).Distinct().ToList();
        if (municipalityIds.Count > 0 && await db.Municipalities.CountAsync(m => municipalityIds.Contains(m.Id) && m.RegionId == regionId, ct) != municipalityIds.Count)
        {
            errors.Add("MunicipalityIds", "Validation.MunicipalityIds.Invalid");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var name = input.Name!.Trim();
        return await db.Organisations.AnyAsync(o => o.RegionId == regionId && o.Name == name && o.Id != (self == null ? Guid.Empty : self.Id), ct)
            ? AppError.Duplicate("Name") : null;
    }
}
