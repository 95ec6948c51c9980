namespace Casus.Web.Platform.Errors;

/// <summary>How API endpoints answer a use case's result: the value with its version as ETag, or problem details.</summary>
public static class ApiResults
{
    public static IResult Ok<T>(Result<T> result, HttpContext context, Func<T, Guid> version)
    {
        if (!result.Ok)
        {
            return result.Error!.ToProblem(context);
        }
        context.Response.Headers.ETag = ETags.For(version(result.Value!));
        return TypedResults.Ok(result.Value);
    }

    public static IResult Created<T>(Result<T> result, HttpContext context, Func<T, string> location, Func<T, Guid> version)
    {
        if (!result.Ok)
        {
            return result.Error!.ToProblem(context);
        }
        context.Response.Headers.ETag = ETags.For(version(result.Value!));
        return TypedResults.Created(location(result.Value!), result.Value);
    }
}
