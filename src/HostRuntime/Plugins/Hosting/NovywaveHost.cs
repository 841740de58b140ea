using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>
/// Keeps a <see cref="PluginManager"/> in line with a <c>.novywave</c> file: <see cref="ReloadAsync"/> reads and applies
/// it, and <see cref="WatchConfigFile"/> does so whenever the file changes. A file that fails to parse or validate is
/// reported (<see cref="SubscribeConfigErrors"/>) and the previous good configuration stays active.
/// </summary>
public sealed class NovywaveHost : IAsyncDisposable
{
    private readonly ILogger logger;
    private readonly Broadcast<NovywaveConfigException> configErrors = new();
    private readonly SemaphoreSlim reloading = new(1, 1);

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
            return null;
        }
        finally
        {
            reloading.Release();
        }
    }

    /// <summary>Reloads whenever the file changes (debounced); dispose the result to stop.</summary>
    /// <param name="debounce">Quiet time after the last change before reloading; 200 ms when null.</param>
    public IDisposable WatchConfigFile(TimeSpan? debounce = null)
    {
        var directory = Path.GetDirectoryName(ConfigPath) ?? ".";
        var name = Path.GetFileName(ConfigPath);
        var coalescer = new ChangeCoalescer(debounce ?? TimeSpan.FromMilliseconds(200), changes => _ = ReloadAsync());
        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };

        // Editors and our own atomic save replace the file through a rename, so watch the directory and match names.
        void OnChange(string? changed)
        {
            if (string.Equals(Path.GetFileName(changed), name, StringComparison.Ordinal))
            {
                coalescer.Add(name);
            }
        }

        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) => OnChange(e.FullPath);
        watcher.EnableRaisingEvents = true;
        return new Stopper(watcher, coalescer);
    }

    /// <summary>Shuts every plugin down.</summary>
    public ValueTask DisposeAsync() => Manager.DisposeAsync();

    private sealed class Stopper(FileSystemWatcher watcher, ChangeCoalescer coalescer) : IDisposable
    {
        public void Dispose()
        {
            watcher.Dispose();
            coalescer.Dispose();
        }
    }
}
