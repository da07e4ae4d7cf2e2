using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InviteService.Infrastructure.Metrics;

/// <summary>
/// The service's own meter and activity source, which every instrument and span of ours is made on. Each area names its
/// own instruments and tags (the areas that own a fact record it); this class names none. The meter comes from the host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (the tests) never count into each other's instruments.
/// </summary>
public sealed class ServiceMeter(IMeterFactory factory)
{
    /// <summary>The meter's and the activity source's name, which exporters are told to listen to.</summary>
    public const string Name = "InviteService";

    /// <summary>Spans of ours (a handler, under the request's span); they cost nothing unless traces are exported.</summary>
    public static readonly ActivitySource Activities = new(Name);

    public Meter Meter { get; } = factory.Create(Name);
}
