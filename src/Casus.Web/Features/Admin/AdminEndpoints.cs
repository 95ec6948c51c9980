using Casus.Web.Platform.Data;
using Casus.Web.Platform.Errors;
using Casus.Web.Platform.Security;

namespace Casus.Web.Features.Admin;

/// <summary>The administration API under /api/v1/admin: the same use cases as the pages, for scripts and partner tooling.</summary>
public static class AdminEndpoints
{
    public static WebApplication MapAdminApi(this WebApplication app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(Policies.SystemAdmin).WithTags("Administration");

        admin.MapGet("/regions", (RegionAdmin h, [AsParameters] ListQuery q, CancellationToken ct) => h.ListAsync(q, ct))
            .WithName("ListRegions").WithSummary("Regions, paged, searchable by name");
        admin.MapGet("/regions/{id:guid}", async (Guid id, RegionAdmin h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetRegion").WithSummary("One region; the ETag header is its version");
        admin.MapPost("/regions", async (RegionInput input, RegionAdmin h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.CreateAsync(input, ct), c, r => $"/api/v1/admin/regions/{r.Id}", r => r.Version))
            .WithName("CreateRegion").WithSummary("Create a region (a tenant) under a national profile");
        admin.MapPut("/regions/{id:guid}", async (Guid id, RegionInput input, RegionAdmin h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.UpdateAsync(id, v, input, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("UpdateRegion").WithSummary("Edit a region; needs If-Match with the ETag you read");

        admin.MapGet("/municipalities", (MunicipalityAdmin h, [AsParameters] ListQuery q, Guid? regionId, CancellationToken ct) => h.ListAsync(q, regionId, ct))
            .WithName("ListMunicipalities").WithSummary("Municipalities, paged, by region and name");
        admin.MapGet("/municipalities/{id:guid}", async (Guid id, MunicipalityAdmin h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetMunicipality").WithSummary("One municipality");
        admin.MapPost("/municipalities", async (MunicipalityInput input, MunicipalityAdmin h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.CreateAsync(input, ct), c, r => $"/api/v1/admin/municipalities/{r.Id}", r => r.Version))
            .WithName("CreateMunicipality").WithSummary("Add a municipality to a region");
        admin.MapPut("/municipalities/{id:guid}", async (Guid id, MunicipalityInput input, MunicipalityAdmin h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.UpdateAsync(id, v, input, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("UpdateMunicipality").WithSummary("Edit a municipality; needs If-Match");

        admin.MapGet("/organisations", (OrganisationAdmin h, [AsParameters] ListQuery q, Guid? regionId, OrganisationType? type, CancellationToken ct) => h.ListAsync(q, regionId, type, ct))
            .WithName("ListOrganisations").WithSummary("Partner organisations, paged, by region, type and name");
        admin.MapGet("/organisations/{id:guid}", async (Guid id, OrganisationAdmin h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetOrganisation").WithSummary("One organisation with its legal framework");
        admin.MapPost("/organisations", async (OrganisationInput input, OrganisationAdmin h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.CreateAsync(input, ct), c, r => $"/api/v1/admin/organisations/{r.Id}", r => r.Version))
            .WithName("CreateOrganisation").WithSummary("Add a partner organisation");
        admin.MapPut("/organisations/{id:guid}", async (Guid id, OrganisationInput input, OrganisationAdmin h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.UpdateAsync(id, v, input, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("UpdateOrganisation").WithSummary("Edit an organisation; needs If-Match");

        admin.MapGet("/users", async (UserAdmin h, [AsParameters] ListQuery q, Guid? organisationId, bool? active, HttpContext c, CancellationToken ct) =>
                q.Term is null ? (IResult)TypedResults.Ok(await h.ListAsync(q, organisationId, active, ct))
                    : new AppError("search_in_body", StatusCodes.Status400BadRequest, "Error.SearchInBody").ToProblem(c))
            .WithName("ListUsers").WithSummary("Accounts, paged, by organisation and status (a search by name or e-mail: POST /users/search)");
        admin.MapPost("/users/search", (UserAdmin h, UserSearch body, CancellationToken ct) =>
                h.ListAsync(new ListQuery(body.Page ?? 1, body.PageSize ?? 25, body.Search, body.Sort), body.OrganisationId, body.Active, ct))
            .WithName("SearchUsers").WithSummary("Accounts by name or e-mail; the term travels in the body, never in the address");
        admin.MapGet("/users/{id:guid}", async (Guid id, UserAdmin h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(id, ct), c, r => r.Version))
            .WithName("GetUser").WithSummary("One account with its roles");
        admin.MapPost("/users", async (InviteUserInput input, UserAdmin h, HttpContext c, CancellationToken ct) =>
                ApiResults.Created(await h.InviteAsync(input, ct), c, r => $"/api/v1/admin/users/{r.User.Id}", r => r.User.Version))
            .WithName("InviteUser").WithSummary("Invite a professional; the response holds their one-time activation link");
        admin.MapPut("/users/{id:guid}", async (Guid id, UpdateUserInput input, UserAdmin h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v) ? ApiResults.Ok(await h.UpdateAsync(id, v, input, ct), c, r => r.Version) : AppError.PreconditionRequired().ToProblem(c))
            .WithName("UpdateUser").WithSummary("Change name, organisation and role assignments; needs If-Match");
        admin.MapPost("/users/{id:guid}/deactivate", async (Guid id, UserAdmin h, ICurrentUser me, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.DeactivateAsync(id, me.UserId, ct), c, r => r.Version))
            .WithName("DeactivateUser").WithSummary("Deactivate an account; its sessions end at once");
        admin.MapPost("/users/{id:guid}/reactivate", async (Guid id, UserAdmin h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.ReactivateAsync(id, ct), c, r => r.Version))
            .WithName("ReactivateUser").WithSummary("Reactivate an account");
        admin.MapPost("/users/{id:guid}/reset-second-factor", async (Guid id, UserAdmin h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.ResetSecondFactorAsync(id, ct), c, r => r.User.Version))
            .WithName("ResetUserSecondFactor")
            .WithSummary("Remove the user's authenticator and passkeys: they enrol again at the next sign-in; a passkeys-only member gets a new activation link");
        return app;
    }
}

/// <summary>A search of accounts: names and e-mail addresses stay out of addresses and server logs.</summary>
public sealed record UserSearch(string? Search, Guid? OrganisationId = null, bool? Active = null, int? Page = null, int? PageSize = null, string? Sort = null);
