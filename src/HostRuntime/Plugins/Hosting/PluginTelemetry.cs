namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>Counters of one plugin over the manager's lifetime (they survive reloads and restarts).</summary>
/// <param name="PluginId">The plugin id.</param>
/// <param name="Calls">Calls into the plugin (init, handle-event, shutdown), failed ones included.</param>
/// <param name="TotalDuration">Wall-clock time spent in those calls.</param>
/// <param name="MaxDuration">The longest single call.</param>
/// <param name="Traps">Calls (and instantiations) that trapped, hit a limit or failed in the host (not <c>plugin-error</c> results).</param>
/// <param name="Restarts">Instances created after the first (reloads and retries).</param>
/// <param name="MemoryPages">Linear memory of the current instance, in 64 KiB pages, as of its last call.</param>
/// <param name="LogMessagesDropped">Log messages dropped by the rate limit.</param>
public sealed record PluginTelemetrySnapshot(
    string PluginId, long Calls, TimeSpan TotalDuration, TimeSpan MaxDuration, long Traps, long Restarts, int MemoryPages, long LogMessagesDropped)
{
    /// <summary>Mean call duration (zero before the first call).</summary>
    public TimeSpan MeanDuration => Calls == 0 ? TimeSpan.Zero : TotalDuration / Calls;
}

/// <summary>Thread-safe accumulator behind <see cref="PluginTelemetrySnapshot"/>.</summary>
internal sealed class PluginTelemetry(string pluginId)
{
    private readonly object gate = new();
    private long calls;
    private TimeSpan total;
    private TimeSpan max;
    private long traps;
    private long restarts;
    private int memoryPages;
    private long logDropped;

    public void RecordCall(TimeSpan duration, bool trapped, int pages)
    {
        lock (gate)
        {
            calls++;
            total += duration;
            if (duration > max)
            {
                max = duration;
            }

            if (trapped)
            {
                traps++;
            }

            memoryPages = pages;
        }
    }

    public void RecordTrap()
    {
        lock (gate)
        {
            traps++;
        }
    }

    public void RecordRestart()
    {
        lock (gate)
        {
            restarts++;
        }
    }

    public void RecordLogDropped()
    {
        lock (gate)
        {
            logDropped++;
        }
    }

    public PluginTelemetrySnapshot Snapshot()
    {
        lock (gate)
        {
            return new PluginTelemetrySnapshot(pluginId, calls, total, max, traps, restarts, memoryPages, logDropped);
        }
    }
}
