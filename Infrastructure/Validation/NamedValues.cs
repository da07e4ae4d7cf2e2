using System.Collections;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// A closed set of strings with a name of its own, such as the permission names. <see cref="ValueRules.OneOf{T}"/> refuses
/// any other value, and the OpenAPI document shows the set once, as an enum component called <see cref="Name"/>, that every
/// field holding one of its values refers to: a generated client gets one type for it, not a copy per field.
/// </summary>
public sealed class NamedValues(string name, IReadOnlyList<string> values) : IReadOnlyList<string>
{
    /// <summary>The enum component's name in the document: unique there, as every schema name is.</summary>
    public string Name { get; } = name;

    public int Count => values.Count;

    public string this[int index] => values[index];

    public IEnumerator<string> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
