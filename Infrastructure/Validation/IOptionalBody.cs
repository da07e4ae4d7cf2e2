namespace InviteService.Infrastructure.Validation;

/// <summary>
/// A request body that may be left out. Absent, it means <see cref="Absent"/>, which is validated like any body; present,
/// it must be a JSON object (<see cref="JsonBody{T}"/> refuses the literal <c>null</c>).
/// </summary>
public interface IOptionalBody<out TSelf> where TSelf : IOptionalBody<TSelf>
{
    /// <summary>What a request without a body asks for.</summary>
    static abstract TSelf Absent { get; }
}
