namespace InviteService.Infrastructure.Errors;

/// <summary>
/// A face that answers failures in its own shape on the paths it owns (each face registers its own). Infrastructure knows
/// no face's wording: each face keeps its texts in its own folder.
/// </summary>
public interface IErrorShape
{
    bool Owns(HttpContext context);

    IResult Write(HttpProblem problem);
}
