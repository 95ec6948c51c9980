using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Admin;

public sealed record MunicipalityDto(Guid Id, Guid RegionId, string RegionName, string Name, string? Code, Guid Version);
public sealed record MunicipalityInput(Guid? RegionId, string? Name, string? Code);

/// <summary>Municipalities: list (per region, search, sort, paging), read, create, edit.</summary>
public sealed class MunicipalityAdmin(CasusDbContext db, TimeProvider time)
{
    public async Task<PageOf<MunicipalityDto>> ListAsync(ListQuery query, Guid? regionId, CancellationToken ct = default)
    {
        var rows = db.Municipalities.AsNoTracking();
        if (regionId is { } region)
        {
            rows = rows.Where(m => m.RegionId == region);
        }
        if (query.Term is { } term)
        {
            rows = rows.Where(m => m.Name.ToLower().Contains(term.ToLower()) || (m.Code != null && m.Code.Contains(term)));
        }
        var total = await rows.CountAsync(ct);
        rows = query.Sort switch
        {
            "-name" => rows.OrderByDescending(m => m.Name),
            "region" => rows.OrderBy(m => m.Region!.Name).ThenBy(m => m.Name),
            _ => rows.OrderBy(m => m.Name),
        };
        var items = await rows.Skip(query.Skip).Take(query.SafePageSize)
            .Select(m => new MunicipalityDto(m.Id, m.RegionId, m.Region!.Name, m.Name, m.Code, m.Version)).ToListAsync(ct);
        return new PageOf<MunicipalityDto>(items, query.SafePage, query.SafePageSize, total);
    }

    public async Task<Result<MunicipalityDto>> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.Municipalities.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new MunicipalityDto(m.Id, m.RegionId, m.Region!.Name, m.Name, m.Code, m.Version)).FirstOrDefaultAsync(ct)
        is { } dto ? dto : AppError.NotFound();

    public async Task<Result<MunicipalityDto>> CreateAsync(MunicipalityInput input, CancellationToken ct = default)
    {
        if (await ValidateAsync(input, null, ct) is { } error)
        {
            return error;
        }
        var municipality = new Municipality { RegionId = input.RegionId!.Value, Name = input.Name!.Trim(), Code = Blank(input.Code), CreatedAt = time.GetUtcNow() };
        db.Municipalities.Add(municipality);
        await db.SaveChangesAsync(ct);
        return await GetAsync(municipality.Id, ct);
    }

    public async Task<Result<MunicipalityDto>> UpdateAsync(Guid id, Guid expectedVersion, MunicipalityInput input, CancellationToken ct = default)
    {
        var municipality = await db.Municipalities.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (municipality is null)
        {
            return AppError.NotFound();
        }
        if (await ValidateAsync(input, municipality, ct) is { } error)
        {
            return error;
        }
        if (municipality.Version != expectedVersion)
        {
            return AppError.Conflict();
        }
        municipality.Name = input.Name!.Trim();
        municipality.Code = Blank(input.Code);
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

    private async Task<AppError?> ValidateAsync(MunicipalityInput input, Municipality? self, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("Name", input.Name, 200).Optional("Code", input.Code, 20);
        var regionId = self?.RegionId ?? input.RegionId;
        if (regionId is null || !await db.Regions.AnyAsync(r => r.Id == regionId, ct))
        {
            errors.Add("RegionId", "Validation.RegionId.Required");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var name = input.Name!.Trim();
        return await db.Municipalities.AnyAsync(m => m.RegionId == regionId && m.Name == name && m.Id != (self == null ? Guid.Empty : self.Id), ct)
            ? AppError.Duplicate("Name") : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
