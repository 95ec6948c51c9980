using Microsoft.AspNetCore.Http.HttpResults;

namespace Casus.Web.Platform.Errors;

/// <summary>
/// An expected outcome that is not success: returned as a value, never thrown. <see cref="Code"/> is stable
/// (partner systems and the UI key on it); <see cref="MessageKey"/> is the resource key of the user's text.
/// </summary>
public sealed record AppError(string Code, int Status, string MessageKey, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static AppError NotFound() => new("not_found", StatusCodes.Status404NotFound, "Error.NotFound");
    public static AppError Conflict() => new("changed_by_someone_else", StatusCodes.Status412PreconditionFailed, "Error.ChangedBySomeoneElse");
    public static AppError PreconditionRequired() => new("if_match_required", StatusCodes.Status428PreconditionRequired, "Error.IfMatchRequired");
    public static AppError Duplicate(string field) => new("duplicate", StatusCodes.Status409Conflict, "Error.Duplicate",
        new Dictionary<string, string[]> { [field] = [$"Validation.{field}.Duplicate"] });
    public static AppError Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new("validation_failed", StatusCodes.Status400BadRequest, "Error.Validation", fields);
}

/// <summary>The result of a use case: a value or an <see cref="AppError"/>.</summary>
public readonly record struct Result<T>
{
    public T? Value { get; }
    public AppError? Error { get; }
    public bool Ok => Error is null;

    private Result(T? value, AppError? error) { Value = value; Error = error; }

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(AppError error) => new(default, error);
}

/// <summary>Maps errors to RFC 9457 problem details in one place, in the request's language.</summary>
public static class Problems
{
    public static ProblemHttpResult ToProblem(this AppError error, HttpContext context)
    {
        var t = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource>>();
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Fields is not null)
        {
            extensions["errors"] = error.Fields.ToDictionary(f => f.Key, f => f.Value.Select(k => t[k].Value).ToArray());
        }
        return TypedResults.Problem(statusCode: error.Status, title: t[error.MessageKey].Value, extensions: extensions,
            type: $"https://casus.example/problems/{error.Code}");
    }
}
