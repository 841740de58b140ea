using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// Keeps a <see cref="PluginManager"/> in line with a <c>.novywave</c> file: <see cref="ReloadAsync"/> reads and applies
/// it, and <see cref="WatchConfigFile"/> does so whenever the file or a plugin's artifact changes. A file that fails to parse or validate is
/// reported (<see cref="SubscribeConfigErrors"/>) and the previous good configuration stays active.
/// </summary>
public sealed class NovywaveHost : IAsyncDisposable
{
    private readonly ILogger logger;
    private readonly Broadcast<NovywaveConfigException> configErrors = new();
    private readonly SemaphoreSlim reloading = new(1, 1);
    private readonly List<FileWatchSet> watches = [];

    /// <summary>Creates a host for <paramref name="configPath"/>; nothing runs until <see cref="ReloadAsync"/>.</summary>
    /// <param name="configPath">The <c>.novywave</c> file.</param>
    /// <param name="loader">Turns artifacts into plugin instances.</param>
    /// <param name="options">Manager settings; defaults when null.</param>
    public NovywaveHost(string configPath, IPluginLoader loader, PluginManagerOptions? options = null)
    {
        ConfigPath = Path.GetFullPath(configPath);
        options ??= new PluginManagerOptions();
        Manager = new PluginManager(loader, options);
        logger = options.LoggerFactory.CreateLogger<NovywaveHost>();
    }

    /// <summary>The absolute path of the configuration file.</summary>
    public string ConfigPath { get; }

    /// <summary>The manager running the plugins.</summary>
    public PluginManager Manager { get; }

    /// <summary>The configuration currently applied, or null before the first good one.</summary>
    public NovywaveConfig? Current { get; private set; }

    /// <summary>Subscribes to configuration errors from now on (each left the previous configuration active).</summary>
    public Subscription<NovywaveConfigException> SubscribeConfigErrors() => configErrors.Subscribe();

    /// <summary>Reads the file and applies it. Returns the error instead of throwing when the file is bad, in which
    /// case the running plugins are left as they were.</summary>
    public async Task<NovywaveConfigException?> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            NovywaveConfig config;
            try
            {
                config = NovywaveConfigFile.Load(ConfigPath).Config;
            }
            catch (NovywaveConfigException e)
            {
                logger.LogError("{Error}; keeping the previous configuration", e.Message);
                configErrors.Publish(e);
                return e;
            }

            await Manager.ApplyAsync(config, cancellationToken).ConfigureAwait(false);
            Current = config;
            lock (watches)
            {
                foreach (var watch in watches)
                {
                    watch.Track(WatchedFiles(config));
                }
            }

            return null;
        }
        finally
        {
            reloading.Release();
        }
    }

    /// <summary>
    /// Reloads whenever the file or the artifact of an enabled plugin changes (debounced), so a rebuilt plugin is
    /// hot-reloaded (only plugins whose artifact bytes or settings changed restart); dispose the result to stop.
    /// </summary>
    /// <param name="debounce">Quiet time after the last change before reloading; 200 ms when null.</param>
    public IDisposable WatchConfigFile(TimeSpan? debounce = null)
    {
        var watch = new FileWatchSet(debounce ?? TimeSpan.FromMilliseconds(200), () => _ = ReloadAsync());
        lock (watches)
        {
            watches.Add(watch);
        }

        watch.Track(WatchedFiles(Current));
        return new Stopper(this, watch);
    }

    /// <summary>Shuts every plugin down.</summary>
    public ValueTask DisposeAsync() => Manager.DisposeAsync();

    /// <summary>The configuration file and the artifacts of its enabled plugins.</summary>
    private IEnumerable<string> WatchedFiles(NovywaveConfig? config) =>
        config is null ? [ConfigPath] : config.Entries.Where(e => e.Enabled).Select(e => e.ArtifactPath).Append(ConfigPath);

    private sealed class Stopper(NovywaveHost host, FileWatchSet watch) : IDisposable
    {
        public void Dispose()
        {
            lock (host.watches)
            {
                host.watches.Remove(watch);
            }

            watch.Dispose();
        }
    }
}
