using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Admin;

public sealed record RegionDto(Guid Id, string Name, string ProfileKey, int MunicipalityCount, Guid Version);
public sealed record RegionInput(string? Name, string? ProfileKey);

/// <summary>Regions: list, read, create, edit. A region is a tenant; its profile decides how the approach runs.</summary>
public sealed class RegionAdmin(CasusDbContext db, TimeProvider time)
{
    public async Task<PageOf<RegionDto>> ListAsync(ListQuery query, CancellationToken ct = default)
    {
        var regions = db.Regions.AsNoTracking();
        if (query.Term is { } term)
        {
            regions = regions.Where(r => r.Name.ToLower().Contains(term.ToLower()));
        }
        var total = await regions.CountAsync(ct);
        var sorted = query.Sort == "-name" ? regions.OrderByDescending(r => r.Name) : regions.OrderBy(r => r.Name);
        var items = await sorted.Skip(query.Skip).Take(query.SafePageSize)
            .Select(r => new RegionDto(r.Id, r.Name, r.ProfileKey, r.Municipalities.Count, r.Version)).ToListAsync(ct);
        return new PageOf<RegionDto>(items, query.SafePage, query.SafePageSize, total);
    }

    public async Task<Result<RegionDto>> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.Regions.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new RegionDto(r.Id, r.Name, r.ProfileKey, r.Municipalities.Count, r.Version)).FirstOrDefaultAsync(ct)
        is { } dto ? dto : AppError.NotFound();

    public async Task<Result<RegionDto>> CreateAsync(RegionInput input, CancellationToken ct = default)
    {
        if (await ValidateAsync(input, null, ct) is { } error)
        {
            return error;
        }
        var region = new Region { Name = input.Name!.Trim(), ProfileKey = input.ProfileKey!, CreatedAt = time.GetUtcNow() };
        db.Regions.Add(region);
        await db.SaveChangesAsync(ct);
        return new RegionDto(region.Id, region.Name, region.ProfileKey, 0, region.Version);
    }

    public async Task<Result<RegionDto>> UpdateAsync(Guid id, Guid expectedVersion, RegionInput input, CancellationToken ct = default)
    {
        var region = await db.Regions.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (region is null)
        {
            return AppError.NotFound();
        }
        if (await ValidateAsync(input, id, ct) is { } error)
        {
            return error;
        }
        if (region.Version != expectedVersion)
        {
            return AppError.Conflict();
        }
        region.Name = input.Name!.Trim();
        region.ProfileKey = input.ProfileKey!;
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

    private async Task<AppError?> ValidateAsync(RegionInput input, Guid? self, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("Name", input.Name, 200);
        if (!NationalProfiles.All.Any(p => p.Key == input.ProfileKey))
        {
            errors.Add("ProfileKey", "Validation.ProfileKey.Invalid");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var name = input.Name!.Trim();
        return await db.Regions.AnyAsync(r => r.Name == name && r.Id != self, ct) ? AppError.Duplicate("Name") : null;
    }
}
