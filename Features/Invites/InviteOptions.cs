using System.ComponentModel.DataAnnotations;

namespace InviteService.Features.Invites;

public sealed class InviteOptions
{
    public const string Section = "Invites";

    /// <summary>No 0/O/1/l/I: codes survive being read aloud or retyped.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    [Range(6, 32)]
    public int CodeLength { get; set; } = 10;

    /// <summary>
    /// Where people reach this service: the base of every link it hands out (the invite page <c>/invite/{code}</c>, oEmbed,
    /// avatars, and each face's own links).
    /// </summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>The page a person opens: <c>{PublicBaseUrl}/invite/{code}</c>.</summary>
    public string PageFor(string code) => Link("/invite/" + Uri.EscapeDataString(code));
}
