namespace InviteService.Infrastructure.Errors;

/// <summary>
/// A face that answers failures in its own shape on the paths it owns (each face registers its own). Infrastructure knows
/// no face's wording: each face keeps its texts in its own folder.
/// </summary>
public interface IErrorShape
{
    bool Owns(HttpContext context);

    IResult Write(HttpProblem problem);

    /// <summary>
    /// The message for a body field whose JSON value cannot be read as its type (<paramref name="expected"/>, such as a
    /// string where an integer belongs), the same whether other fields failed too or not; null for the service's own.
    /// </summary>
    string? WrongType(string field, Type expected) => null;
}
