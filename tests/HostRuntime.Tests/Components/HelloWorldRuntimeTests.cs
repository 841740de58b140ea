using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Plugins.PluginWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>plugins/dist/hello_world.wasm instantiated by the component runtime and driven through init, handle-event
/// and shutdown with the bindings generated from wit/plugins.wit.</summary>
public sealed class HelloWorldRuntimeTests
{
    private static readonly Engine Engine = new();
    private static readonly Component HelloWorld = Component.FromBytes(Engine, TestFiles.HelloWorld());

    [Fact]
    public void InitHandleEventShutdown_LogsGuestMessagesToTheHost()
    {
        var host = new Host();
        var plugin = Instantiate(host);

        var metadata = plugin.Init([new ConfigEntry("mode", "fast"), new ConfigEntry("name", "ünïcødé ✓")]);
        Assert.True(metadata.IsOk);
        Assert.Equal("0.1.0", metadata.Value.Version);
        Assert.Equal("Logs a greeting and every event it receives.", metadata.Value.Description);
        Assert.Equal(["log"], metadata.Value.Capabilities);

        Assert.True(plugin.HandleEvent(new HostEvent.Tick()).IsOk);
        Assert.True(plugin.HandleEvent(new HostEvent.FilesystemChange(new ChangeNotification(7, ["a.vcd", "b.fst"]))).IsOk);
        Assert.True(plugin.HandleEvent(new HostEvent.ConfigUpdated([new ConfigEntry("k", "v")])).IsOk);
        plugin.Shutdown();

        Assert.Equal(
            [
                (LogLevel.Info, "hello from hello_world"),
                (LogLevel.Info, "config mode = fast"),
                (LogLevel.Info, "config name = ünïcødé ✓"),
                (LogLevel.Info, "event: tick"),
                (LogLevel.Info, "event: filesystem-change"),
                (LogLevel.Info, "event: config-updated"),
                (LogLevel.Info, "goodbye from hello_world"),
            ],
            host.Log);
    }

    [Fact]
    public void Instances_AreIndependent()
    {
        var firstHost = new Host();
        var secondHost = new Host();
        var first = Instantiate(firstHost);
        var second = Instantiate(secondHost);

        first.Init([]);
        second.Shutdown();

        Assert.Equal([(LogLevel.Info, "hello from hello_world")], firstHost.Log);
        Assert.Equal([(LogLevel.Info, "goodbye from hello_world")], secondHost.Log);
    }

    [Fact]
    public void MissingImport_IsNamedWithItsWitType()
    {
        var linker = new ComponentLinker(Engine);
        var error = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(Engine), HelloWorld));
        Assert.Equal("component imports 1 function(s) the linker does not define: log: func(level: log-level, message: string)", error.Message);
    }

    [Fact]
    public void LoweringWithTheWrongCoreSignature_IsRejectedAtInstantiation()
    {
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(null, "log", _ => new Action<int, int>((_, _) => { }));
        var error = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(Engine), HelloWorld));
        Assert.Equal("the host lowering of log: func(level: log-level, message: string) has core type (i32, i32) -> (), but canon lower needs (i32, i32, i32) -> ()", error.Message);
    }

    [Fact]
    public void UnknownExport_ListsWhatTheComponentExports()
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, new Host());
        var instance = linker.Instantiate(new Store(Engine), HelloWorld);
        var error = Assert.Throws<KeyNotFoundException>(() => instance.GetFunction(null, "nope"));
        Assert.Equal("the component exports no function nope (it exports: handle-event, init, shutdown)", error.Message);
    }

    private static Exports Instantiate(Host host)
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        return new Exports(linker.Instantiate(new Store(Engine), HelloWorld));
    }

    /// <summary>The host side of the plugin world; hello_world imports only <c>log</c>.</summary>
    private sealed class Host : IImports
    {
        public List<(LogLevel Level, string Message)> Log { get; } = [];

        void IImports.Log(LogLevel level, string message) => Log.Add((level, message));

        public Result<IReadOnlyList<DirectoryEntry>, PluginError> FilesystemListDir(string directory) => throw new NotSupportedException();

        public FileMetadata? FilesystemReadMetadata(string path) => throw new NotSupportedException();

        public Result<Subscription, PluginError> WatchSubscribe(IReadOnlyList<string> directories, uint debounceMs) => throw new NotSupportedException();

        public Result<Unit, PluginError> RelayPublish(string channel, PluginEvent @event) => throw new NotSupportedException();

        public IReadOnlyList<ConfigEntry> ConfigGet() => throw new NotSupportedException();
    }
}
