namespace InviteService.Infrastructure.Errors;

/// <summary>How an expected failure is classified; each face picks its own status and body from it.</summary>
public enum ErrorKind
{
    BadRequest = 400,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
}

/// <summary>
/// An expected outcome that is not a success: a stable machine code and the seed's description. Each outcome is one
/// instance, declared once, and code tells outcomes apart by identity (<c>error == InviteErrors.MaxInvites</c>), never by
/// comparing codes or titles: several outcomes share the wire code <c>not_found</c>, and rewording a title changes nothing.
/// An outcome that must carry what a face needs to word it (a limit, a field) is a class of its own deriving from this one,
/// told apart by its type.
/// </summary>
public class Error(string code, string title, ErrorKind kind)
{
    public string Code { get; } = code;
    public string Title { get; } = title;
    public ErrorKind Kind { get; } = kind;
    public int Status => (int)Kind;

    public override string ToString() => $"{Code}: {Title}";
}

/// <summary>What any <see cref="Result{T}"/> says, whatever its value's type: for code that treats every answer alike (traces).</summary>
public interface IOutcome
{
    Error? Error { get; }
}

/// <summary>A handler's answer: a value, or an <see cref="Error"/>. Handlers never speak HTTP.</summary>
public readonly struct Result<T> : IOutcome
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);

    /// <summary>For values C# will not convert implicitly (interfaces such as IReadOnlyList).</summary>
    public static Result<T> From(T value) => new(value, null);
}
