using Casus.Web.Platform.Errors;

namespace Casus.Web.Features.Privacy.Register;

/// <summary>The register of processing activities under /api/v1/privacy/register: the privacy officer's alone.</summary>
public static class RegisterEndpoints
{
    public static WebApplication MapRegisterApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/privacy/register").WithTags("Register of processing activities").RequireAuthorization(PrivacyPolicies.Officer);
        group.MapGet("", async (ProcessingRegister h, string? search, string? sort, CancellationToken ct) => TypedResults.Ok(await h.ListAsync(search, sort, ct)))
            .WithName("ListRegister").WithSummary("Every processing activity with its current version");
        group.MapGet("/export/{format}", async (string format, ProcessingRegister h, HttpContext c, CancellationToken ct) =>
            {
                var result = await h.ExportAsync(format, ct);
                return result.Ok ? Results.File(result.Value!.Content, result.Value.ContentType, result.Value.FileName) : result.Error!.ToProblem(c);
            })
            .WithName("ExportRegister").WithSummary("The whole register with every version, as json or csv");
        group.MapGet("/{key}", async (string key, ProcessingRegister h, HttpContext c, CancellationToken ct) => ApiResults.Ok(await h.GetAsync(key, ct), c, r => r.Version))
            .WithName("GetRegisterActivity").WithSummary("One activity with every version, newest first; the ETag header is what a new version must name");
        group.MapPost("/{key}/versions", async (string key, RegisterVersionInput input, ProcessingRegister h, HttpContext c, CancellationToken ct) =>
                ETags.TryParse(c.Request.Headers.IfMatch, out var v)
                    ? ApiResults.Created(await h.PublishAsync(key, v, input, ct), c, r => $"/api/v1/privacy/register/{r.Key}", r => r.Version)
                    : AppError.PreconditionRequired().ToProblem(c))
            .WithName("PublishRegisterVersion").WithSummary("Publish a new version of an activity; log records written afterwards carry its id; needs If-Match");
        return app;
    }
}
