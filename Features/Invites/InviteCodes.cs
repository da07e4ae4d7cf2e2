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

    /// <summary>
    /// Where people reach this service: the base of every link it hands out (the invite page <c>/invite/{code}</c>, the
    /// Messenger <c>route</c>, oEmbed, avatars). The old key <c>Messenger:PublicBaseUrl</c> is still read when this is unset.
    /// </summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public const string LegacyPublicBaseUrlKey = "Messenger:PublicBaseUrl";

    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>The page a person opens: <c>{PublicBaseUrl}/invite/{code}</c>.</summary>
    public string PageFor(string code) => Link("/invite/" + Uri.EscapeDataString(code));
}

public interface IInviteCodeGenerator
{
    string Next();
}

public sealed class RandomInviteCodeGenerator(IOptions<InviteOptions> options) : IInviteCodeGenerator
{
    public string Next() => RandomNumberGenerator.GetString(InviteOptions.Alphabet, options.Value.CodeLength);
}
