using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// The one naming rule of validation: a property is named as it is on the wire, snake_case (<c>max_age</c>), in failures
/// and in messages, by the same policy that writes our JSON. Set when the assembly loads, so a validator made directly
/// (a unit test) names properties exactly as one the service resolves.
/// </summary>
internal static class ValidationConventions
{
    public static readonly JsonNamingPolicy Naming = JsonNamingPolicy.SnakeCaseLower;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Global validator naming must hold before any validator is made.")]
    internal static void Apply()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : Naming.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : Naming.ConvertName(member.Name);
    }
}
