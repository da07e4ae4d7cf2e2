using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Invites;

public sealed class InviteOptions
{
    public const string Section = "Invites";

    /// <summary>No 0/O/1/l/I: codes survive being read aloud or retyped.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    [Range(6, 32)]
    public int CodeLength { get; set; } = 10;
}

public interface IInviteCodeGenerator
{
    string Next();
}

public sealed class RandomInviteCodeGenerator(IOptions<InviteOptions> options) : IInviteCodeGenerator
{
    public string Next() => RandomNumberGenerator.GetString(InviteOptions.Alphabet, options.Value.CodeLength);
}
