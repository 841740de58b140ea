using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// One enabled plugin: its worker, current instance, retries and ticks. Every lifecycle step and call runs as a work
/// item on the worker, so they are serialised; a generation number discards retries, ticks and events queued for
/// an instance that has since been stopped or replaced.
/// </summary>
internal sealed class PluginSlot : IAsyncDisposable
{
    private readonly IPluginLoader loader;
    private readonly PluginManagerOptions options;
    private readonly ILogger logger;
    private readonly Action<PluginStatus> publishStatus;
    private readonly Action<RelayDelivery> publishRelay;
    private readonly PluginTelemetry telemetry;
    private readonly PluginWorker worker;
    private readonly LogRateLimiter logLimiter;
    private IPluginInstance? instance;
    private PluginSandbox? sandbox;
    private ITimer? tickTimer;
    private int tickPending;
    private int generation;
    private int failures;
    private bool everStarted;

    public PluginSlot(PluginEntryConfig entry, byte[]? artifact, string fingerprint, IPluginLoader loader, PluginManagerOptions options,
        Action<PluginStatus> publishStatus, Action<RelayDelivery> publishRelay, PluginTelemetry telemetry)
    {
        Entry = entry;
        Artifact = artifact;
        Fingerprint = fingerprint;
        this.loader = loader;
        this.options = options;
        this.publishStatus = publishStatus;
        this.publishRelay = publishRelay;
        this.telemetry = telemetry;
        logger = options.LoggerFactory.CreateLogger("WitSharp.Plugins." + entry.Id);
        worker = new PluginWorker(entry.Id);
        logLimiter = new LogRateLimiter(options.LogMessagesPerSecond, options.LogBurst, options.Time);
    }

    public PluginEntryConfig Entry { get; private set; }

    /// <summary>Artifact bytes, or null when the file could not be read.</summary>
    public byte[]? Artifact { get; private set; }

    /// <summary>Hash of the artifact bytes and the entry's settings; equal fingerprints mean nothing to reload.</summary>
    public string Fingerprint { get; private set; }

    /// <summary>Replaces the settings; takes effect at the next <see cref="StartAsync"/>.</summary>
    public void Reconfigure(PluginEntryConfig entry, byte[]? artifact, string fingerprint)
    {
        Entry = entry;
        Artifact = artifact;
        Fingerprint = fingerprint;
    }

    /// <summary>Loads and initialises a fresh instance; completes when it is Ready or in Error.</summary>
    public Task StartAsync()
    {
        var started = Interlocked.Increment(ref generation);
        return worker.Invoke(() =>
        {
            failures = 0;
            Load(started);
        });
    }

    /// <summary>Shuts the instance down (if any) and cancels retries and ticks.</summary>
    public Task StopAsync()
    {
        // Retries and ticks queued for the old generation find it changed and do nothing.
        Interlocked.Increment(ref generation);
        return worker.Invoke(() => TearDown(callShutdown: true));
    }

    /// <summary>Queues a host event for the current instance; completes when it has been handled (or dropped
    /// because the plugin is not Ready). Returns whether the plugin handled it without error.</summary>
    public Task<bool> SendAsync(PluginInput input)
    {
        var target = Volatile.Read(ref generation);
        return worker.Invoke(() => Handle(target, input));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await worker.DisposeAsync().ConfigureAwait(false);
    }

    private void Load(int target)
    {
        if (target != Volatile.Read(ref generation))
        {
            return;
        }

        TearDown(callShutdown: true);
        publishStatus(new PluginStatus(Entry.Id, PluginState.Loading, null, null, null));
        if (everStarted)
        {
            telemetry.RecordRestart();
        }

        everStarted = true;
        try
        {
            if (Artifact is null)
            {
                throw new PluginLoadException($"plugin '{Entry.Id}': artifact '{Entry.ArtifactPath}' cannot be read");
            }

            var prepared = loader.Prepare(Entry.Id, Artifact, Entry.Limits);
            var refused = prepared.Imports.Where(import => !Entry.Grants.Allows(import)).Order(StringComparer.Ordinal).ToArray();
            if (refused.Length > 0)
            {
                // Not retried: the same artifact and grants fail the same way until the config changes.
                Fail($"imports not granted: {string.Join(", ", refused)}", retry: false);
                return;
            }

            sandbox = new PluginSandbox(Entry, logger, publishRelay, input => _ = SendAsync(input), logLimiter, telemetry.RecordLogDropped);
            instance = Instantiate(prepared, sandbox);
            var description = Call(instance, current => current.Init(Entry.ConfigData));
            if (Entry.Watch is { } watch)
            {
                sandbox.AddHostWatch(watch);
            }

            StartTicks(target);
            failures = 0;
            publishStatus(new PluginStatus(Entry.Id, PluginState.Ready, null, description, null));
        }
        catch (PluginCallException e)
        {
            Fail($"init failed: {e.Kind}: {e.Message}", retry: true);
        }
        catch (PluginLoadException e)
        {
            Fail(e.Message, retry: false);
        }
        catch (Exception e)
        {
            Fail($"{e.GetType().Name}: {e.Message}", retry: true);
        }
    }

    private bool Handle(int target, PluginInput input)
    {
        if (target != Volatile.Read(ref generation) || instance is not { } current)
        {
            return false;
        }

        try
        {
            Call(current, plugin =>
            {
                plugin.HandleEvent(input);
                return true;
            });
            return true;
        }
        catch (PluginCallException e)
        {
            // The plugin reported an error for this one event and is still healthy.
            logger.LogWarning("plugin {PluginId}: handle-event({Event}) failed: {Kind}: {Message}", Entry.Id, input.GetType().Name, e.Kind, e.Message);
            return false;
        }
        catch (Exception e)
        {
            Fail($"handle-event trapped: {e.GetType().Name}: {e.Message}", retry: true);
            return false;
        }
    }

    /// <summary>Times a call into the instance; anything but a <c>plugin-error</c> result counts as a trap.</summary>
    /// <summary>Times a call into the instance; anything but a <c>plugin-error</c> result counts as a trap.</summary>
    private T Call<T>(IPluginInstance target, Func<IPluginInstance, T> call)
    {
        var watch = Stopwatch.StartNew();
        var trapped = false;
        try
        {
            return call(target);
        }
        catch (Exception e) when (e is not PluginCallException)
        {
            trapped = true;
            throw;
        }
        finally
        {
            telemetry.RecordCall(watch.Elapsed, trapped, MemoryPagesOrZero(target));
        }
    }

    /// <summary>Instantiation may run guest start code, so its failures count as traps too (but not as calls).</summary>
    private IPluginInstance Instantiate(IPluginArtifact prepared, PluginSandbox forInstance)
    {
        try
        {
            return prepared.Instantiate(forInstance);
        }
        catch (Exception e) when (e is not (PluginCallException or PluginLoadException))
        {
            telemetry.RecordTrap();
            throw;
        }
    }

    private static int MemoryPagesOrZero(IPluginInstance target)
    {
        try
        {
            return target.MemoryPages;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return 0;
        }
    }

    private void Fail(string message, bool retry)
    {
        TearDown(callShutdown: false);
        DateTimeOffset? retryAt = null;
        if (retry)
        {
            failures++;
            var delay = options.RetryDelay(failures);
            retryAt = options.Time.GetUtcNow() + delay;
            ScheduleRetry(Volatile.Read(ref generation), delay);
        }

        logger.LogError("plugin {PluginId}: {Message}", Entry.Id, message);
        publishStatus(new PluginStatus(Entry.Id, PluginState.Error, message, null, retryAt));
    }

    private void ScheduleRetry(int target, TimeSpan delay)
    {
        _ = Task.Delay(delay, options.Time).ContinueWith(_ => worker.Invoke(() => Load(target)), TaskScheduler.Default);
    }

    private void StartTicks(int target)
    {
        if (Entry.Limits.TickInterval is not { } period)
        {
            return;
        }

        tickTimer = options.Time.CreateTimer(
            _ =>
            {
                // At most one tick waits in the queue, so a slow plugin is not flooded.
                if (Interlocked.Exchange(ref tickPending, 1) == 0)
                {
                    worker.Invoke(() =>
                    {
                        Volatile.Write(ref tickPending, 0);
                        return Handle(target, PluginInput.Tick.Instance);
                    });
                }
            },
            null,
            period,
            period);
    }

    private void TearDown(bool callShutdown)
    {
        tickTimer?.Dispose();
        tickTimer = null;
        sandbox?.Dispose();
        sandbox = null;
        if (instance is { } current)
        {
            instance = null;
            if (callShutdown)
            {
                try
                {
                    Call(current, plugin =>
                    {
                        plugin.Shutdown();
                        return true;
                    });
                }
                catch (Exception e)
                {
                    logger.LogWarning("plugin {PluginId}: shutdown failed: {Message}", Entry.Id, e.Message);
                }
            }

            current.Dispose();
        }
    }
}
