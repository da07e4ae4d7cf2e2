namespace InviteService.Infrastructure.Http;

/// <summary>Limits on what a request may bring.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    [System.ComponentModel.DataAnnotations.Range(1024, 10 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = BodyLimit.DefaultBytes;
}
