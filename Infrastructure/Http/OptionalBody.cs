using FluentValidation;
using FluentValidation.Results;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// For endpoints whose JSON body may be left out (then every field takes its default): a body that is present must be
/// an object. The framework binds both no body and the literal <c>null</c> to a null argument; only the first is allowed.
/// </summary>
public static class OptionalBodyExtensions
{
    public const string Message = "The request body must be a JSON object.";

    public static RouteHandlerBuilder OptionalBody<TBody>(this RouteHandlerBuilder builder) where TBody : class =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var index = Array.FindIndex(factory.MethodInfo.GetParameters(), p => p.ParameterType == typeof(TBody));
            if (index < 0) throw new InvalidOperationException($"{factory.MethodInfo.Name} has no {typeof(TBody).Name} parameter.");
            return context =>
                context.Arguments[index] is null && HasBody(context.HttpContext.Request)
                    ? throw new ValidationException([new ValidationFailure("body", Message)])
                    : next(context);
        });

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
