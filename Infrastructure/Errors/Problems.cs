namespace InviteService.Infrastructure.Errors;

/// <summary>A failure decided outside a handler (auth, body parsing, validation, limits, crashes), before a face shapes it.</summary>
public sealed record HttpProblem(int Status, string Code, string Title, IDictionary<string, string[]>? Errors = null);

/// <summary>Every failure the pipeline itself decides, once, by status and stable code.</summary>
public static class Problems
{
    public const string ValidationCode = "validation_failed";

    public static readonly HttpProblem Unauthorized = new(401, "unauthorized", "A valid bearer token is required");
    public static readonly HttpProblem NotFound = new(404, "not_found", "Not found");
    public static readonly HttpProblem MethodNotAllowed = new(405, "method_not_allowed", "Method not allowed");
    public static readonly HttpProblem PayloadTooLarge = new(413, "payload_too_large", "The request body is too large");
    public static readonly HttpProblem UnsupportedMediaType = new(415, "unsupported_media_type", "The request body must be application/json");
    public static readonly HttpProblem TooManyRequests = new(429, "rate_limited", "Too many requests; retry later");
    public static readonly HttpProblem Internal = new(500, "internal_error", "An unexpected error occurred");
    public static readonly HttpProblem Unavailable = new(503, "unavailable", "The database is busy; retry shortly");

    /// <summary>A bare status set by the framework (no route, wrong method, unsupported media type) with its code.</summary>
    public static HttpProblem ForStatus(int status) => status switch
    {
        401 => Unauthorized,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => TooManyRequests,
        501 => new(501, "not_implemented", "Not implemented"),
        >= 500 => Internal,
        _ => new(status, "bad_request", "Bad request"),
    };

    /// <summary>A policy refused the caller (<see cref="Auth.AuthorizationResults"/>): the code a handler's refusal has, with the policy's reason.</summary>
    public static HttpProblem Forbidden(string title) => new(403, CommonErrors.NoPermission.Code, title);

    public static HttpProblem Validation(IDictionary<string, string[]> errors) =>
        new(400, ValidationCode, "The request is not valid", errors);
}
