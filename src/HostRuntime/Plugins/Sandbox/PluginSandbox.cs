using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.Capabilities;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Wasi;

namespace WitSharp.HostRuntime.Plugins.Sandbox;

/// <summary>A directory entry returned by <c>filesystem-list-dir</c>.</summary>
/// <param name="Path">The entry's path as the plugin names it (the requested directory joined with the entry name, <c>/</c>-separated).</param>
/// <param name="IsDirectory">Whether the entry is a directory (symbolic links are reported by what they point to).</param>
public readonly record struct SandboxDirectoryEntry(string Path, bool IsDirectory);

/// <summary>What <c>filesystem-read-metadata</c> returns.</summary>
/// <param name="Path">The path as the plugin named it.</param>
/// <param name="Size">Size in bytes (0 for directories).</param>
/// <param name="ModifiedUnixNanos">Last write time, nanoseconds since the Unix epoch.</param>
public readonly record struct SandboxFileMetadata(string Path, ulong Size, ulong ModifiedUnixNanos);

/// <summary>A relay event published by a plugin, as host subscribers receive it.</summary>
/// <param name="PluginId">The publishing plugin.</param>
/// <param name="Channel">The relay channel.</param>
/// <param name="Message">The event.</param>
public sealed record RelayDelivery(string PluginId, string Channel, RelayMessage Message);

/// <summary>
/// The host side of one plugin's imports: every capability checks the plugin's grants and refuses anything else
/// with a <c>plugin-error.io</c> (<see cref="PluginCallException"/>). Bindings for the world's imports call these methods.
/// </summary>
public sealed class PluginSandbox : IDisposable
{
    private readonly PluginEntryConfig entry;
    private readonly ILogger logger;
    private readonly Action<RelayDelivery> publish;
    private readonly Action<PluginInput> deliver;
    private readonly LogRateLimiter logLimiter;
    private readonly Action logDropped;
    private readonly GrantedDirectories granted;
    private readonly Dictionary<ulong, DirectoryWatch> watches = [];
    private readonly object gate = new();
    private ulong nextSubscription = 1;
    private bool disposed;

    internal PluginSandbox(PluginEntryConfig entry, ILogger logger, Action<RelayDelivery> publish, Action<PluginInput> deliver, LogRateLimiter logLimiter, Action logDropped)
    {
        this.entry = entry;
        this.logger = logger;
        this.publish = publish;
        this.deliver = deliver;
        this.logLimiter = logLimiter;
        this.logDropped = logDropped;
        granted = new GrantedDirectories(entry.BaseDirectory, entry.Grants.Directories);
    }

    /// <summary>The plugin this sandbox belongs to.</summary>
    public string PluginId => entry.Id;

    /// <summary>
    /// The WASI configuration of this plugin: stdout/stderr go to the plugin's logger, environment and arguments are
    /// empty, and the granted directories are preopened (read-only, under the path written in the config) only when
    /// <c>wasi:filesystem/preopens</c> is granted.
    /// </summary>
    /// <param name="cancellation">Ends guest waits in WASI poll/sleep when the plugin is unloaded.</param>
    internal WasiConfiguration WasiConfiguration(CancellationToken cancellation) => new()
    {
        Logger = logger,
        Preopens = entry.Grants.IsAllowed(WasiCapabilities.FilesystemPreopens)
            ? entry.Grants.Directories.Select(directory => new WasiPreopen(Path.GetFullPath(directory, entry.BaseDirectory), directory)).ToArray()
            : [],
        Cancellation = cancellation,
    };

    /// <summary><c>log</c>: writes to the host log with the plugin id in scope; messages over the rate limit are dropped and counted.</summary>
    public void Log(LogLevel level, string message)
    {
        RequireImport(PluginCapabilities.Log);
        if (!logLimiter.TryAcquire())
        {
            logDropped();
            return;
        }

        using (logger.BeginScope(new Dictionary<string, object> { ["PluginId"] = entry.Id }))
        {
            logger.Log(level, "[{PluginId}] {Message}", entry.Id, message);
        }
    }

    /// <summary><c>filesystem-list-dir</c>: lists a granted directory, sorted by name.</summary>
    public IReadOnlyList<SandboxDirectoryEntry> ListDirectory(string directory)
    {
        RequireImport(PluginCapabilities.FilesystemListDir);
        var real = granted.Resolve(directory);
        try
        {
            var prefix = directory.TrimEnd('/', '\\');
            return new DirectoryInfo(real).EnumerateFileSystemInfos()
                .OrderBy(info => info.Name, StringComparer.Ordinal)
                .Select(info => new SandboxDirectoryEntry(prefix + "/" + info.Name, Directory.Exists(info.FullName)))
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PluginCallException(PluginErrorKind.Io, $"cannot list '{directory}': {e.Message}");
        }
    }

    /// <summary><c>filesystem-read-metadata</c>: null when the path does not exist or may not be reached (the world's <c>option</c> has no error case).</summary>
    public SandboxFileMetadata? ReadMetadata(string path)
    {
        RequireImport(PluginCapabilities.FilesystemReadMetadata);
        string real;
        try
        {
            real = granted.Resolve(path);
        }
        catch (PluginCallException refused)
        {
            logger.LogDebug("plugin {PluginId}: {Refusal}", entry.Id, refused.Message);
            return null;
        }

        FileSystemInfo info = Directory.Exists(real) ? new DirectoryInfo(real) : new FileInfo(real);
        if (!info.Exists)
        {
            return null;
        }

        var size = info is FileInfo file ? (ulong)file.Length : 0;
        var nanos = (ulong)(info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
        return new SandboxFileMetadata(path, size, nanos);
    }

    /// <summary><c>watch-subscribe</c>: watches granted directories; changes arrive as <c>handle-event(filesystem-change)</c>.</summary>
    /// <returns>The subscription id.</returns>
    public ulong WatchSubscribe(IReadOnlyList<string> directories, uint debounceMs)
    {
        RequireImport(PluginCapabilities.WatchSubscribe);
        var resolved = directories.Select(d => (d, granted.Resolve(d))).ToArray();
        return AddWatch(resolved, TimeSpan.FromMilliseconds(debounceMs));
    }

    /// <summary><c>relay-publish</c>: publishes on a granted channel to the host's subscribers.</summary>
    public void RelayPublish(string channel, RelayMessage message)
    {
        RequireImport(PluginCapabilities.RelayPublish);
        if (!entry.Grants.IsRelayChannelAllowed(channel))
        {
            throw new PluginCallException(PluginErrorKind.Io, $"relay channel '{channel}' is not granted to plugin '{entry.Id}'");
        }

        publish(new RelayDelivery(entry.Id, channel, message));
    }

    /// <summary><c>config-get</c>: the plugin's config-data.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ConfigGet()
    {
        RequireImport(PluginCapabilities.ConfigGet);
        return entry.ConfigData;
    }

    /// <summary>Stops every watch.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var watch in watches.Values)
            {
                watch.Dispose();
            }

            watches.Clear();
        }
    }

    /// <summary>Starts the watch the config file asks for on the plugin's behalf (not subject to the directory grants:
    /// the user configured it). Directories that do not exist are an error.</summary>
    internal ulong AddHostWatch(WatchSettings watch)
    {
        var resolved = watch.Directories.Select(d =>
        {
            var full = Path.GetFullPath(d, entry.BaseDirectory);
            return Directory.Exists(full) ? (d, full) : throw new DirectoryNotFoundException($"plugin '{entry.Id}': watched directory '{d}' does not exist ({full})");
        }).ToArray();
        return AddWatch(resolved, TimeSpan.FromMilliseconds(watch.DebounceMs));
    }

    private ulong AddWatch((string PluginName, string FullPath)[] directories, TimeSpan debounce)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var id = nextSubscription++;
            try
            {
                watches.Add(id, new DirectoryWatch(directories, debounce, paths => deliver(new PluginInput.FilesystemChange(id, paths))));
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                throw new PluginCallException(PluginErrorKind.Io, $"cannot watch {string.Join(", ", directories.Select(d => d.PluginName))}: {e.Message}");
            }

            return id;
        }
    }

    private void RequireImport(string import)
    {
        if (!entry.Grants.IsAllowed(import))
        {
            throw new PluginCallException(PluginErrorKind.Io, $"import '{import}' is not granted to plugin '{entry.Id}'");
        }
    }
}
