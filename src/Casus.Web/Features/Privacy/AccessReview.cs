using Casus.Web.Features.Cases;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Casus.Web.Features.Privacy;

/// <summary>A flag as the privacy officer reviews it.</summary>
public sealed record AccessFlagItem(
    Guid Id, AccessFlagKind Kind, Guid UserId, string UserName, string OrganisationName, DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd, string? CaseReference, int Count, DateTimeOffset FirstAccessAt, DateTimeOffset LastAccessAt,
    DateTimeOffset DetectedAt, AccessFlagStatus Status, AccessFlagDecision? Decision, string? ReviewNote, string? ReviewedByName,
    DateTimeOffset? ReviewedAt, Guid Version);

public sealed record FlagReviewInput(AccessFlagDecision? Decision, string? Note);

/// <summary>
/// Finds unusual access in the log (docs/processing-log.md) and lets the privacy officer review it. Access is read
/// as access ⋈ processing: who (access log) opened which person (processing log's pseudonym) when.
/// </summary>
public sealed class AccessReview(CasusDbContext db, IOptions<PrivacyOptions> options, SubjectPseudonymizer pseudonymizer, TimeProvider time, ICurrentUser me)
{
    public const int NoteMaxLength = 2000;

    private sealed record Access(Guid UserId, Guid? OrganisationId, DateTimeOffset At, string Action, string Pseudonym);

    /// <summary>Who opened which person's records in [since, until), allowed accesses by signed-in users only.</summary>
    private Task<List<Access>> AccessesAsync(DateTimeOffset since, DateTimeOffset until, string? pseudonym, Guid? user, CancellationToken ct)
    {
        var signals = PrivacyActivities.PersonActivityPrefixes[0];
        var cases = PrivacyActivities.PersonActivityPrefixes[1];
        var rows = from a in db.AccessLog.AsNoTracking()
                   join p in db.ProcessingLog.AsNoTracking() on new { a.TraceId, Name = a.Action } equals new { p.TraceId, p.Name }
                   where a.UserId != null && a.Decision == "allowed" && a.OccurredAt >= since && a.OccurredAt < until
                         && (p.ProcessingActivityId.StartsWith(signals) || p.ProcessingActivityId.StartsWith(cases))
                   select new { a.UserId, a.OrganisationId, a.OccurredAt, a.Action, p.SubjectPseudonym };
        if (pseudonym is not null)
        {
            rows = rows.Where(r => r.SubjectPseudonym == pseudonym);
        }
        if (user is not null)
        {
            rows = rows.Where(r => r.UserId == user);
        }
        return rows.Select(r => new Access(r.UserId!.Value, r.OrganisationId, r.OccurredAt, r.Action, r.SubjectPseudonym)).ToListAsync(ct);
    }

    /// <summary>Looks at one window (an hour, in the job) and stores a flag for what is unusual in it; a second run adds nothing.</summary>
    public async Task<int> DetectAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken ct)
    {
        var o = options.Value;
        var span = TimeSpan.FromMinutes(o.ManyPersonsMinutes);
        var accesses = await AccessesAsync(windowStart - span, windowEnd, null, null, ct);
        var flags = new List<AccessReviewFlag>();
        foreach (var byUser in accesses.GroupBy(a => a.UserId))
        {
            var organisation = byUser.Select(a => a.OrganisationId).FirstOrDefault(x => x is not null) ?? Guid.Empty;
            // Many persons: the largest number of distinct persons opened within any stretch of the span that ends in
            // the window. Lists do not count: an inbox page shows many persons at once by design.
            var opened = byUser.Where(a => a.Action != "list").OrderBy(a => a.At).ToList();
            (int Count, DateTimeOffset First, DateTimeOffset Last) most = (0, default, default);
            for (var end = 0; end < opened.Count; end++)
            {
                if (opened[end].At < windowStart)
                {
                    continue;
                }
                var inSpan = opened.Where(a => a.At > opened[end].At - span && a.At <= opened[end].At).ToList();
                var persons = inSpan.Select(a => a.Pseudonym).Distinct(StringComparer.Ordinal).Count();
                if (persons > most.Count)
                {
                    most = (persons, inSpan[0].At, opened[end].At);
                }
            }
            if (most.Count >= o.ManyPersonsCount)
            {
                flags.Add(Flag(AccessFlagKind.ManyPersons, byUser.Key, organisation, windowStart, windowEnd, Guid.Empty, most.Count, most.First, most.Last));
            }
            var outside = byUser.Where(a => a.At >= windowStart && !o.InWorkingHours(a.At)).OrderBy(a => a.At).ToList();
            if (outside.Count > 0)
            {
                flags.Add(Flag(AccessFlagKind.OutsideWorkingHours, byUser.Key, organisation, windowStart, windowEnd, Guid.Empty,
                    outside.Count, outside[0].At, outside[^1].At));
            }
        }
        // Memberships that ended in the window: did the member open the case's person in the hours before?
        var now = time.GetUtcNow();
        var ended = await (from m in db.RecordMemberships.AsNoTracking()
                           join c in db.Set<Case>().AsNoTracking() on m.RecordId equals c.Id
                           where m.RecordKind == "case" && m.ValidUntil != null && m.ValidUntil >= windowStart && m.ValidUntil < windowEnd && m.ValidUntil <= now
                           select new { m.UserId, m.OrganisationId, m.RecordId, ValidUntil = m.ValidUntil!.Value, c.PersonId }).ToListAsync(ct);
        foreach (var m in ended)
        {
            var before = await AccessesAsync(m.ValidUntil.AddHours(-o.BeforeMembershipEndsHours), m.ValidUntil,
                pseudonymizer.Pseudonymize("person", m.PersonId), m.UserId, ct);
            if (before.Count > 0)
            {
                var sorted = before.OrderBy(a => a.At).ToList();
                flags.Add(Flag(AccessFlagKind.BeforeMembershipEnded, m.UserId, m.OrganisationId, windowStart, windowEnd, m.RecordId,
                    sorted.Count, sorted[0].At, sorted[^1].At));
            }
        }
        var added = 0;
        foreach (var flag in flags)
        {
            if (await db.Set<AccessReviewFlag>().AnyAsync(f => f.Kind == flag.Kind && f.UserId == flag.UserId && f.WindowStart == flag.WindowStart && f.RecordId == flag.RecordId, ct))
            {
                continue;
            }
            db.Add(flag);
            try
            {
                await db.SaveChangesAsync(ct);
                added++;
            }
            catch (DbUpdateException)
            {
                // Another node stored the same flag a moment earlier: the unique key kept one.
                db.ChangeTracker.Clear();
            }
        }
        return added;
    }

    private AccessReviewFlag Flag(AccessFlagKind kind, Guid user, Guid organisation, DateTimeOffset windowStart, DateTimeOffset windowEnd,
        Guid record, int count, DateTimeOffset first, DateTimeOffset last) => new()
    {
        Kind = kind, UserId = user, OrganisationId = organisation, WindowStart = windowStart, WindowEnd = windowEnd, RecordId = record,
        Count = count, FirstAccessAt = first, LastAccessAt = last, DetectedAt = time.GetUtcNow(), Status = AccessFlagStatus.Open,
    };

    /// <summary>Flags of users of the officer's region.</summary>
    private IQueryable<AccessReviewFlag> InRegion()
    {
        var region = me.RegionId ?? Guid.Empty;
        var organisations = db.Organisations.Where(o => o.RegionId == region).Select(o => o.Id);
        return db.Set<AccessReviewFlag>().AsNoTracking().Where(f => organisations.Contains(f.OrganisationId));
    }

    public Task<int> OpenCountAsync(CancellationToken ct) => InRegion().CountAsync(f => f.Status == AccessFlagStatus.Open, ct);

    public async Task<PageOf<AccessFlagItem>> ListAsync(AccessFlagStatus? status, ListQuery query, CancellationToken ct)
    {
        var flags = InRegion();
        if (status is { } s)
        {
            flags = flags.Where(f => f.Status == s);
        }
        var total = await flags.CountAsync(ct);
        var page = await flags.OrderByDescending(f => f.WindowStart).ThenBy(f => f.Kind).ThenBy(f => f.Id)
            .Skip(query.Skip).Take(query.SafePageSize).ToListAsync(ct);
        return new PageOf<AccessFlagItem>(await ItemsAsync(page, ct), query.SafePage, query.SafePageSize, total);
    }

    private async Task<IReadOnlyList<AccessFlagItem>> ItemsAsync(List<AccessReviewFlag> page, CancellationToken ct)
    {
        var userIds = page.Select(f => f.UserId).Concat(page.Select(f => f.ReviewedBy).OfType<Guid>()).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var organisationIds = page.Select(f => f.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        // The case's reference only: the officer can name it to a coordinator, not read it.
        var caseIds = page.Where(f => f.RecordId != Guid.Empty).Select(f => f.RecordId).Distinct().ToList();
        var cases = await db.Set<Case>().AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, ct);
        return page.Select(f => new AccessFlagItem(f.Id, f.Kind, f.UserId, users.GetValueOrDefault(f.UserId, ""), organisations.GetValueOrDefault(f.OrganisationId, ""),
            f.WindowStart, f.WindowEnd, cases.GetValueOrDefault(f.RecordId), f.Count, f.FirstAccessAt, f.LastAccessAt, f.DetectedAt, f.Status, f.Decision,
            f.ReviewNote, f.ReviewedBy is { } r ? users.GetValueOrDefault(r) : null, f.ReviewedAt, f.Version)).ToList();
    }

    /// <summary>Records the officer's judgement once; a stale version (someone else reviewed meanwhile) is refused.</summary>
    public async Task<Result<AccessFlagItem>> ReviewAsync(Guid id, Guid version, FlagReviewInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (input.Decision is null || !Enum.IsDefined(input.Decision.Value))
        {
            errors.Add("Decision", "Validation.Decision.Required");
        }
        errors.Required("Note", input.Note, NoteMaxLength);
        if (errors.Any)
        {
            return errors.ToError();
        }
        var region = me.RegionId ?? Guid.Empty;
        var organisations = db.Organisations.Where(o => o.RegionId == region).Select(o => o.Id);
        var flag = await db.Set<AccessReviewFlag>().Where(f => f.Id == id && organisations.Contains(f.OrganisationId)).SingleOrDefaultAsync(ct);
        if (flag is null)
        {
            return AppError.NotFound();
        }
        if (flag.Version != version || flag.Status != AccessFlagStatus.Open)
        {
            return AppError.Conflict();
        }
        flag.Status = AccessFlagStatus.Reviewed;
        flag.Decision = input.Decision;
        flag.ReviewNote = input.Note!.Trim();
        flag.ReviewedBy = me.UserId;
        flag.ReviewedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return AppError.Conflict();
        }
        return (await ItemsAsync([flag], ct))[0];
    }
}

/// <summary>Every hour, looks at the last few whole hours for unusual access; rerunning an hour adds no flags twice.</summary>
public sealed class AccessReviewJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<AccessReviewJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    /// <summary>Hours looked at on each run, so a node that was down for a while still covers what it missed.</summary>
    public const int HoursBack = 3;

    public static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var review = scope.ServiceProvider.GetRequiredService<AccessReview>();
                var current = HourOf(time.GetUtcNow());
                for (var hour = HoursBack; hour >= 1; hour--)
                {
                    await review.DetectAsync(current.AddHours(-hour), current.AddHours(-hour + 1), stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Looking for unusual access in the processing log failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
