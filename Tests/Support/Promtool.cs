using System.Diagnostics;
using System.Globalization;

namespace InviteService.Tests.Support;

/// <summary>A fact that runs Debian's <c>promtool</c>: skipped locally, with one line, when it is missing; never under <c>CI=true</c>.</summary>
public sealed class NeedsPromtoolFactAttribute : FactAttribute
{
    public NeedsPromtoolFactAttribute()
    {
        if (Promtool.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "promtool is not installed (apt-get install prometheus); .ci/run installs it, and there this test never skips";
        }
    }
}

/// <summary>Prometheus's own checker, and a reader of the text format for tests that look for one sample.</summary>
public static class Promtool
{
    public static string? Path => new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);

    /// <summary><c>promtool check metrics</c> on <paramref name="exposition"/>: its exit code and everything it said.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Path ?? "promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The samples of a Prometheus text exposition (label values without escapes, which ours never need).</summary>
    public static IReadOnlyList<Sample> Samples(string exposition)
    {
        var samples = new List<Sample>();
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#')) continue;
            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = new Dictionary<string, string>();
            if (brace >= 0)
            {
                foreach (var pair in line[(brace + 1)..line.LastIndexOf('}')].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=');
                    labels[pair[..equals]] = pair[(equals + 1)..].Trim('"');
                }
            }

            samples.Add(new Sample(name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with at least these labels, or null.</summary>
    public static double? Value(string exposition, string name, params (string Label, string Value)[] labels) =>
        Samples(exposition).Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value))
            .Select(s => (double?)s.Value).SingleOrDefault();
}
