using Casus.Web.Platform.ProcessingLog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Casus.Web.Platform.Security;

/// <summary>
/// Puts every refusal of a signed-in user into the access log (who tried what, and that it was refused), then
/// answers as ASP.NET Core would. Anonymous requests are only challenged: there is nobody to log.
/// </summary>
public sealed class LoggedAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var log = context.RequestServices.GetRequiredService<IProcessingLogger>();
            var endpoint = context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value ?? "";
            await log.RecordDeniedAsync(Truncate(endpoint, 100), "role or policy not met", context.RequestAborted);
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
