using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Wasi;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Plugins.Hosting;

/// <summary>A plugin component instance driven through the generated export proxy; each call gets the configured
/// deadline and, when metered, a fresh fuel allowance.</summary>
internal sealed class ComponentPluginInstance : IPluginInstance
{
    private const int PageSize = 65536;
    private readonly Store store;
    private readonly ComponentInstance instance;
    private readonly PluginLimits limits;
    private readonly PluginWorld.Exports exports;
    private readonly WasiHost wasi;
    private readonly CancellationTokenSource unload;

    public ComponentPluginInstance(Store store, ComponentInstance instance, PluginLimits limits, WasiHost wasi, CancellationTokenSource unload)
    {
        this.store = store;
        this.instance = instance;
        this.limits = limits;
        this.wasi = wasi;
        this.unload = unload;
        exports = new PluginWorld.Exports(instance);
    }

    public int MemoryPages => instance.GetFunction(null, "init").Options.Memory.Bytes.Length / PageSize;

    public PluginDescription Init(IReadOnlyList<KeyValuePair<string, string>> config)
    {
        Arm();
        var result = exports.Init(ToConfigData(config));
        return result.IsOk
            ? new PluginDescription(result.Value.Version, result.Value.Description, result.Value.Capabilities)
            : throw ToException(result.Error);
    }

    public void HandleEvent(PluginInput input)
    {
        Arm();
        PluginWorld.HostEvent hostEvent = input switch
        {
            PluginInput.Tick => new PluginWorld.HostEvent.Tick(),
            PluginInput.FilesystemChange change => new PluginWorld.HostEvent.FilesystemChange(new PluginWorld.ChangeNotification(change.SubscriptionId, change.Paths)),
            PluginInput.ConfigUpdated updated => new PluginWorld.HostEvent.ConfigUpdated(ToConfigData(updated.Config)),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, "unknown host event"),
        };
        var result = exports.HandleEvent(hostEvent);
        if (!result.IsOk)
        {
            throw ToException(result.Error);
        }
    }

    public void Shutdown()
    {
        Arm();
        exports.Shutdown();
    }

    public void Dispose()
    {
        // Interrupting makes any call still running on the instance stop; cancelling ends a guest blocked in a WASI
        // wait; disposing the WASI host flushes partial output lines and closes files.
        store.Interrupt();
        unload.Cancel();
        wasi.Dispose();
        unload.Dispose();
    }

    internal static PluginCallException ToException(PluginWorld.PluginError error) => error switch
    {
        PluginWorld.PluginError.InvalidConfig e => new PluginCallException(PluginErrorKind.InvalidConfig, e.Value),
        PluginWorld.PluginError.Io e => new PluginCallException(PluginErrorKind.Io, e.Value),
        PluginWorld.PluginError.Panic e => new PluginCallException(PluginErrorKind.Panic, e.Value),
        _ => new PluginCallException(PluginErrorKind.Panic, error.ToString() ?? "unknown plugin-error"),
    };

    private static PluginWorld.ConfigEntry[] ToConfigData(IReadOnlyList<KeyValuePair<string, string>> config) =>
        config.Select(entry => new PluginWorld.ConfigEntry(entry.Key, entry.Value)).ToArray();

    /// <summary>Gives the next guest call (or the instantiation's start code) the deadline and a full fuel allowance.</summary>
    internal static void Arm(Store store, PluginLimits limits)
    {
        store.DeadlineUtc = DateTime.UtcNow + limits.CallDeadline;
        if (limits.Fuel is { } fuel && store.GetFuel() < fuel)
        {
            store.AddFuel(fuel - store.GetFuel());
        }
    }

    private void Arm() => Arm(store, limits);
}
