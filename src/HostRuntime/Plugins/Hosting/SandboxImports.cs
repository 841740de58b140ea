using WitSharp.HostRuntime.Plugins.Sandbox;
using static WitSharp.HostRuntime.Plugins.PluginWorld;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>The generated imports interface of the plugin world, implemented by one plugin's <see cref="PluginSandbox"/>:
/// refusals become <c>plugin-error</c> results.</summary>
internal sealed class SandboxImports(PluginSandbox sandbox) : IImports
{
    public void Log(PluginWorld.LogLevel level, string message) => sandbox.Log(
        level switch
        {
            PluginWorld.LogLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
            PluginWorld.LogLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
            PluginWorld.LogLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
            PluginWorld.LogLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
            _ => Microsoft.Extensions.Logging.LogLevel.Error,
        },
        message);

    public Result<IReadOnlyList<DirectoryEntry>, PluginError> FilesystemListDir(string directory) =>
        Guard<IReadOnlyList<DirectoryEntry>>(() => sandbox.ListDirectory(directory).Select(e => new DirectoryEntry(e.Path, e.IsDirectory)).ToArray());

    public FileMetadata? FilesystemReadMetadata(string path) =>
        sandbox.ReadMetadata(path) is { } metadata ? new FileMetadata(metadata.Path, metadata.Size, metadata.ModifiedUnixNanos) : null;

    public Result<Subscription, PluginError> WatchSubscribe(IReadOnlyList<string> directories, uint debounceMs) =>
        Guard(() => new Subscription(sandbox.WatchSubscribe(directories, debounceMs)));

    public Result<Unit, PluginError> RelayPublish(string channel, PluginEvent @event) => Guard(() =>
    {
        sandbox.RelayPublish(channel, @event switch
        {
            PluginEvent.Discovery d => new RelayMessage.Discovery(d.Value.PluginId, d.Value.Discovered),
            PluginEvent.RefreshTimeline r => new RelayMessage.RefreshTimeline(r.Value),
            PluginEvent.Log l => new RelayMessage.Log(l.Value),
            _ => throw new PluginCallException(PluginErrorKind.Io, "unknown plugin-event case"),
        });
        return default(Unit);
    });

    public IReadOnlyList<ConfigEntry> ConfigGet() => sandbox.ConfigGet().Select(e => new ConfigEntry(e.Key, e.Value)).ToArray();

    private static Result<T, PluginError> Guard<T>(Func<T> call)
    {
        try
        {
            return Result<T, PluginError>.Ok(call());
        }
        catch (PluginCallException refused)
        {
            return Result<T, PluginError>.Err(refused.Kind switch
            {
                PluginErrorKind.InvalidConfig => new PluginError.InvalidConfig(refused.Message),
                PluginErrorKind.Panic => new PluginError.Panic(refused.Message),
                _ => new PluginError.Io(refused.Message),
            });
        }
    }
}
