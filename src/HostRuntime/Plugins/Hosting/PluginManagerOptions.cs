using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>Settings of a <see cref="PluginManager"/> that are not per plugin.</summary>
public sealed class PluginManagerOptions
{
    /// <summary>Where plugin logs and lifecycle messages go; each plugin gets a logger scoped with its id.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Delay before the first retry of a failed plugin; each further failure doubles it.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between retries.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Sustained log messages per second a plugin may write; more are dropped and counted.</summary>
    public int LogMessagesPerSecond { get; init; } = 50;

    /// <summary>Log messages a plugin may write in a burst before the sustained rate applies.</summary>
    public int LogBurst { get; init; } = 200;

    /// <summary>Clock for retries, ticks and rate limits.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The retry delay after <paramref name="failures"/> consecutive failures (1 for the first).</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return delay;
    }
}
