using Microsoft.OpenApi;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// A validation rule that also states itself in the OpenAPI document: the same statement refuses a request and tells a
/// generated client what to refuse. FluentValidation's own length, range and pattern rules are read without this.
/// </summary>
public interface ISchemaRule
{
    /// <summary>Adds this rule to the schema of the property (or of each item, for a rule on every element) it validates.</summary>
    void Describe(OpenApiSchema schema);
}
