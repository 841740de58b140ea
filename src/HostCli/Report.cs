using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostCli;

/// <summary>Plain-text tables and lines for the CLI's output.</summary>
internal static class Report
{
    public static void Config(TextWriter output, NovywaveConfig config)
    {
        var enabled = config.Entries.Count(e => e.Enabled);
        output.WriteLine($"config {Relative(config.SourcePath)} (schema {config.SchemaVersion}): {config.Entries.Count} plugins, {enabled} enabled");
    }

    public static void Statuses(TextWriter output, IReadOnlyList<PluginStatus> statuses)
    {
        output.WriteLine();
        Table(output, ["plugin", "state", "version", "detail"], statuses.Select(s => new[]
        {
            s.PluginId,
            s.State.ToString(),
            s.Description?.Version ?? "",
            s.State == PluginState.Ready ? s.Description?.Description ?? "" : s.Message ?? "",
        }));
    }

    public static void Relay(TextWriter output, IEnumerable<RelayDelivery> deliveries, bool timestamp = false)
    {
        foreach (var delivery in deliveries)
        {
            var prefix = timestamp ? $"{DateTime.Now:HH:mm:ss.fff} " : Environment.NewLine;
            var source = $"from {delivery.PluginId} on '{delivery.Channel}'";
            switch (delivery.Message)
            {
                case RelayMessage.Discovery discovery:
                    output.WriteLine($"{prefix}discovery  {discovery.Discovered.Count} waveform files {source}:");
                    foreach (var path in discovery.Discovered)
                    {
                        output.WriteLine("  " + path);
                    }

                    break;
                case RelayMessage.RefreshTimeline refresh:
                    output.WriteLine($"{prefix}refresh    {refresh.Paths.Count} files to reload {source}:");
                    foreach (var path in refresh.Paths)
                    {
                        output.WriteLine("  " + path);
                    }

                    break;
                case RelayMessage.Log log:
                    output.WriteLine($"{prefix}message    {source}: {log.Text}");
                    break;
            }
        }
    }

    public static void Telemetry(TextWriter output, IReadOnlyList<PluginTelemetrySnapshot> telemetry)
    {
        output.WriteLine();
        Table(output, ["plugin", "calls", "mean", "max", "total", "traps", "restarts", "memory", "logs dropped"], telemetry.Select(t => new[]
        {
            t.PluginId,
            t.Calls.ToString(),
            Duration(t.MeanDuration),
            Duration(t.MaxDuration),
            Duration(t.TotalDuration),
            t.Traps.ToString(),
            t.Restarts.ToString(),
            $"{t.MemoryPages} pages",
            t.LogMessagesDropped.ToString(),
        }));
    }

    /// <summary>The path relative to the working directory when it is below it, else as is.</summary>
    public static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string Duration(TimeSpan duration) =>
        duration.TotalMilliseconds >= 1 ? $"{duration.TotalMilliseconds:0.0} ms" : $"{duration.TotalMicroseconds:0} us";

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, column) => all.Max(row => row[column].Length)).ToArray();
        foreach (var row in all)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        }
    }
}
