using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Invites;

/// <summary>Draws invite codes; tests replace it to stage collisions.</summary>
public interface IInviteCodeGenerator
{
    string Next();
}

/// <summary>Cryptographically random codes of <see cref="InviteOptions.CodeLength"/> from <see cref="InviteOptions.Alphabet"/>.</summary>
public sealed class RandomInviteCodeGenerator(IOptions<InviteOptions> options) : IInviteCodeGenerator
{
    public string Next() => RandomNumberGenerator.GetString(InviteOptions.Alphabet, options.Value.CodeLength);
}
