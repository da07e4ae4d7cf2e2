using QRCoder;

namespace InviteService.Features.LandingPage;

/// <summary>
/// A QR code of an invite page's URL, as SVG (QRCoder; no native library): black modules on white, with the quiet zone the
/// standard asks for, error correction level M (a poster survives some wear), and a viewBox so it scales to any print size.
/// </summary>
public static class InviteQrCode
{
    public const string ContentType = "image/svg+xml";

    /// <summary>Pixels per module at the SVG's own size; it scales without loss.</summary>
    private const int ModuleSize = 8;

    public static string Svg(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(ModuleSize, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
