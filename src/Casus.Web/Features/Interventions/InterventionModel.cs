using Casus.Web.Features.Signals;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Casus.Web.Features.Interventions;

/// <summary>What kind of measure an intervention is: the prevention levels, care, and the two legal routes.</summary>
public enum InterventionKind { PrimaryPrevention, SecondaryPrevention, TertiaryPrevention, Care, Administrative, CriminalLaw }

/// <summary>
/// One entry of the region's intervention catalogue (mentoring, an exit programme, family support, …). Managed by the
/// regional coordinator or the administrator; action plans choose from it, and reports count by it. An entry in use
/// is never deleted: it is retired, and plans that chose it keep its name.
/// </summary>
public sealed class Intervention : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RegionId { get; set; }
    public required string Name { get; set; }
    public InterventionKind Kind { get; set; }
    public string Provider { get; set; } = "";
    public string TargetGroup { get; set; } = "";
    public string Description { get; set; } = "";
    public string EvidenceNotes { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

public sealed class InterventionConfiguration : IEntityTypeConfiguration<Intervention>
{
    public void Configure(EntityTypeBuilder<Intervention> builder)
    {
        builder.ToTable("Interventions");
        builder.Property(x => x.Name).HasMaxLength(InterventionRules.NameMax);
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(x => x.Provider).HasMaxLength(InterventionRules.ProviderMax);
        builder.Property(x => x.TargetGroup).HasMaxLength(InterventionRules.TargetGroupMax);
        builder.Property(x => x.Description).HasMaxLength(InterventionRules.TextMax);
        builder.Property(x => x.EvidenceNotes).HasMaxLength(InterventionRules.TextMax);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
        builder.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class InterventionRules
{
    public const int NameMax = 200;
    public const int ProviderMax = 200;
    public const int TargetGroupMax = 300;
    public const int TextMax = 4_000;
}

public static class InterventionPolicies
{
    /// <summary>Managing the region's intervention catalogue: the regional coordinator and the administrator.</summary>
    public const string Manage = "interventions-manage";
}

public sealed record InterventionInput(string? Name, InterventionKind? Kind, string? Provider, string? TargetGroup, string? Description, string? EvidenceNotes);

public sealed record InterventionItem(Guid Id, string Name, InterventionKind Kind, string Provider, string TargetGroup, string Description,
    string EvidenceNotes, bool Retired, int UsedInPlans, Guid Version);

/// <summary>
/// The region's intervention catalogue: list, add, change, retire. The region is the one of the signed-in user's
/// organisation; another region's entries are "not found". Entries carry no personal data.
/// </summary>
public sealed class InterventionCatalogue(CasusDbContext db, ICurrentUser me, TimeProvider time)
{
    private Guid Region => me.RegionId ?? Guid.Empty;

    public async Task<IReadOnlyList<InterventionItem>> ListAsync(bool includeRetired, CancellationToken ct = default)
    {
        var rows = db.Set<Intervention>().AsNoTracking().Where(i => i.RegionId == Region);
        if (!includeRetired)
        {
            rows = rows.Where(i => i.RetiredAt == null);
        }
        return await Project(rows).ToListAsync(ct);
    }

    /// <summary>The entries a plan may choose from in a region: the ones not retired.</summary>
    public async Task<IReadOnlyList<InterventionItem>> ActiveInRegionAsync(Guid regionId, CancellationToken ct = default) =>
        await Project(db.Set<Intervention>().AsNoTracking().Where(i => i.RegionId == regionId && i.RetiredAt == null)).ToListAsync(ct);

    public async Task<Result<InterventionItem>> GetAsync(Guid id, CancellationToken ct = default) =>
        await Project(db.Set<Intervention>().AsNoTracking().Where(i => i.Id == id && i.RegionId == Region)).SingleOrDefaultAsync(ct) is { } item
            ? item : AppError.NotFound();

    public async Task<Result<InterventionItem>> AddAsync(InterventionInput input, CancellationToken ct = default)
    {
        if (await ValidateAsync(input, null, ct) is { } error)
        {
            return error;
        }
        var entry = new Intervention { Name = input.Name!.Trim(), RegionId = Region, CreatedAt = time.GetUtcNow() };
        Apply(entry, input);
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return await GetAsync(entry.Id, ct);
    }

    public async Task<Result<InterventionItem>> UpdateAsync(Guid id, Guid version, InterventionInput input, CancellationToken ct = default)
    {
        var entry = await db.Set<Intervention>().SingleOrDefaultAsync(i => i.Id == id && i.RegionId == Region, ct);
        if (entry is null)
        {
            return AppError.NotFound();
        }
        if (entry.Version != version)
        {
            return AppError.Conflict();
        }
        if (await ValidateAsync(input, id, ct) is { } error)
        {
            return error;
        }
        entry.Name = input.Name!.Trim();
        Apply(entry, input);
        return await SaveAsync(entry, ct);
    }

    /// <summary>Retires an entry: no longer offered to plans; plans that chose it keep it.</summary>
    public async Task<Result<InterventionItem>> RetireAsync(Guid id, Guid version, CancellationToken ct = default)
    {
        var entry = await db.Set<Intervention>().SingleOrDefaultAsync(i => i.Id == id && i.RegionId == Region, ct);
        if (entry is null)
        {
            return AppError.NotFound();
        }
        if (entry.Version != version)
        {
            return AppError.Conflict();
        }
        entry.RetiredAt ??= time.GetUtcNow();
        return await SaveAsync(entry, ct);
    }

    private async Task<Result<InterventionItem>> SaveAsync(Intervention entry, CancellationToken ct)
    {
        entry.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return await GetAsync(entry.Id, ct);
    }

    private async Task<AppError?> ValidateAsync(InterventionInput input, Guid? id, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .Text("Name", input.Name, InterventionRules.NameMax, required: true)
            .Text("Provider", input.Provider, InterventionRules.ProviderMax, required: true)
            .Text("TargetGroup", input.TargetGroup, InterventionRules.TargetGroupMax)
            .Text("Description", input.Description, InterventionRules.TextMax)
            .Text("EvidenceNotes", input.EvidenceNotes, InterventionRules.TextMax);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("Kind", "Validation.Kind.Required");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var name = input.Name!.Trim();
        if (await db.Set<Intervention>().AnyAsync(i => i.RegionId == Region && i.Name == name && i.Id != id, ct))
        {
            return AppError.Duplicate("Name");
        }
        return null;
    }

    private static void Apply(Intervention entry, InterventionInput input)
    {
        entry.Kind = input.Kind!.Value;
        entry.Provider = input.Provider!.Trim();
        entry.TargetGroup = input.TargetGroup?.Trim() ?? "";
        entry.Description = input.Description?.Trim() ?? "";
        entry.EvidenceNotes = input.EvidenceNotes?.Trim() ?? "";
    }

    private IQueryable<InterventionItem> Project(IQueryable<Intervention> rows) =>
        rows.OrderBy(i => i.Name).Select(i => new InterventionItem(i.Id, i.Name, i.Kind, i.Provider, i.TargetGroup, i.Description, i.EvidenceNotes,
            i.RetiredAt != null, db.Set<ActionPlans.PlanAction>().Count(a => a.InterventionId == i.Id), i.Version));

    /// <summary>Neutral demo entries for a new region (demo mode only).</summary>
    public static IEnumerable<Intervention> DemoEntries(Guid regionId, DateTimeOffset now) =>
    [
        new() { RegionId = regionId, CreatedAt = now, Name = "Mentoraat", Kind = InterventionKind.SecondaryPrevention, Provider = "Jeugdzorg Rivierenland",
            TargetGroup = "Jongeren van 12 tot 23 jaar", Description = "Een vaste mentor die wekelijks optrekt met de jongere.", EvidenceNotes = "Demo-gegeven: geen bron." },
        new() { RegionId = regionId, CreatedAt = now, Name = "Exitprogramma", Kind = InterventionKind.TertiaryPrevention, Provider = "Regionaal bureau radicalisering Rivierenland",
            TargetGroup = "Personen die een extremistisch netwerk willen verlaten", Description = "Begeleiding bij uittreden door een getrainde exitbegeleider.", EvidenceNotes = "Demo-gegeven: geen bron." },
        new() { RegionId = regionId, CreatedAt = now, Name = "Gezinsondersteuning", Kind = InterventionKind.Care, Provider = "Jeugdzorg Rivierenland",
            TargetGroup = "Ouders en gezinsleden", Description = "Steun voor het gezin: opvoeding, communicatie, veiligheid thuis.", EvidenceNotes = "Demo-gegeven: geen bron." },
        new() { RegionId = regionId, CreatedAt = now, Name = "Traject naar werk", Kind = InterventionKind.PrimaryPrevention, Provider = "Gemeente Lindendal",
            TargetGroup = "Volwassenen zonder werk", Description = "Begeleiding naar werk of opleiding.", EvidenceNotes = "Demo-gegeven: geen bron." },
        new() { RegionId = regionId, CreatedAt = now, Name = "Bestuurlijke maatregel", Kind = InterventionKind.Administrative, Provider = "Gemeente Lindendal",
            TargetGroup = "Personen met een concreet veiligheidsrisico", Description = "Een bestuurlijke maatregel van de burgemeester, met waarborgen.", EvidenceNotes = "Demo-gegeven: geen bron." },
    ];
}
