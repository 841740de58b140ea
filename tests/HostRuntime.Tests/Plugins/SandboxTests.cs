using WitSharp.HostRuntime.Capabilities;
using Microsoft.Extensions.Logging.Abstractions;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Tests.Plugins;

public sealed class SandboxTests : IDisposable
{
    private readonly TempConfig temp = new();
    private readonly List<RelayDelivery> published = [];
    private readonly List<PluginInput> delivered = [];
    private int dropped;

    public SandboxTests()
    {
        Directory.CreateDirectory(temp.Path("data/sub"));
        File.WriteAllText(temp.Path("data/a.vcd"), "abc");
        Directory.CreateDirectory(temp.Path("secret"));
        File.WriteAllText(temp.Path("secret/key.txt"), "k");
        Directory.CreateDirectory(temp.Path("data-evil"));
    }

    public void Dispose() => temp.Dispose();

    private PluginSandbox Sandbox(string[]? imports = null, string[]? channels = null, int logBurst = 100) =>
        new(temp.Entry("p", "p.wasm", grants: StatusStream.Grants(imports ?? [PluginCapabilities.Log, PluginCapabilities.FilesystemListDir, PluginCapabilities.FilesystemReadMetadata, PluginCapabilities.WatchSubscribe, PluginCapabilities.RelayPublish, PluginCapabilities.ConfigGet], ["data"], channels ?? ["news"]), config: [new("k", "v")]),
            NullLogger.Instance, d => published.Add(d), i => delivered.Add(i), new LogRateLimiter(1, logBurst, TimeProvider.System), () => dropped++);

    [Fact]
    public void ListsGrantedDirectoriesInThePluginsOwnNames()
    {
        using var sandbox = Sandbox();
        Assert.Equal([new("data/a.vcd", false), new("data/sub", true)], sandbox.ListDirectory("data"));
        Assert.Equal([new("data/a.vcd", false), new("data/sub", true)], sandbox.ListDirectory("data/"));
        Assert.Equal(3UL, sandbox.ReadMetadata("data/a.vcd")!.Value.Size);
        Assert.Empty(sandbox.ListDirectory(temp.Path("data/sub")));
    }

    [Theory]
    [InlineData("data/../secret", "contains a '..' segment")]
    [InlineData("data/sub/../../secret", "contains a '..' segment")]
    [InlineData("..", "contains a '..' segment")]
    [InlineData("secret", "is outside the granted directories")]
    [InlineData("data-evil", "is outside the granted directories")]
    [InlineData("/etc", "is outside the granted directories")]
    [InlineData("", "is empty or contains NUL")]
    public void EscapesAreRefused(string path, string why)
    {
        using var sandbox = Sandbox();
        var refused = Assert.Throws<PluginCallException>(() => sandbox.ListDirectory(path));
        Assert.Equal(PluginErrorKind.Io, refused.Kind);
        Assert.Equal($"access to '{path}' refused: the path {why}", refused.Message);
        Assert.Null(sandbox.ReadMetadata(path));
    }

    [Fact]
    public void AbsolutePathOutsideGrantIsRefused()
    {
        using var sandbox = Sandbox();
        var outside = temp.Path("secret");
        Assert.Throws<PluginCallException>(() => sandbox.ListDirectory(outside));
        Assert.Null(sandbox.ReadMetadata(temp.Path("secret/key.txt")));
    }

    [Fact]
    public void SymlinksLeavingTheGrantAreRefused()
    {
        Directory.CreateSymbolicLink(temp.Path("data/escape"), temp.Path("secret"));
        File.CreateSymbolicLink(temp.Path("data/key-link"), temp.Path("secret/key.txt"));
        Directory.CreateSymbolicLink(temp.Path("data/inside"), temp.Path("data/sub"));
        using var sandbox = Sandbox();

        var refused = Assert.Throws<PluginCallException>(() => sandbox.ListDirectory("data/escape"));
        Assert.Equal("access to 'data/escape' refused: the path leaves the granted directories through a symbolic link", refused.Message);
        Assert.Throws<PluginCallException>(() => sandbox.ListDirectory("data/escape/"));
        Assert.Null(sandbox.ReadMetadata("data/escape/key.txt"));
        Assert.Null(sandbox.ReadMetadata("data/key-link"));
        Assert.Empty(sandbox.ListDirectory("data/inside"));
    }

    [Fact]
    public void UngrantedChannelAndImportAreRefusedByName()
    {
        using var sandbox = Sandbox(imports: [PluginCapabilities.RelayPublish]);
        sandbox.RelayPublish("news", new RelayMessage.Log("ok"));
        Assert.Equal("relay channel 'gossip' is not granted to plugin 'p'",
            Assert.Throws<PluginCallException>(() => sandbox.RelayPublish("gossip", new RelayMessage.Log("no"))).Message);
        Assert.Equal("import 'filesystem-list-dir' is not granted to plugin 'p'",
            Assert.Throws<PluginCallException>(() => sandbox.ListDirectory("data")).Message);
        Assert.Single(published);
    }

    [Fact]
    public void WatchOutsideTheGrantIsRefused()
    {
        using var sandbox = Sandbox();
        Assert.Throws<PluginCallException>(() => sandbox.WatchSubscribe(["data", "secret"], 10));
    }

    [Fact]
    public void LogIsRateLimitedAndDropsAreCounted()
    {
        using var sandbox = Sandbox(logBurst: 10);
        for (var i = 0; i < 1000; i++)
        {
            sandbox.Log(Microsoft.Extensions.Logging.LogLevel.Information, "spam " + i);
        }

        Assert.InRange(dropped, 985, 990);
    }

    [Fact]
    public void LogCarriesThePluginIdInScopeAndMessage()
    {
        var logger = new CapturingLogger();
        using var sandbox = new PluginSandbox(temp.Entry("p", "p.wasm", grants: StatusStream.Grants([PluginCapabilities.Log])), logger,
            _ => { }, _ => { }, new LogRateLimiter(10, 10, TimeProvider.System), () => { });

        sandbox.Log(Microsoft.Extensions.Logging.LogLevel.Warning, "disk is slow");

        var (level, message, scope) = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, level);
        Assert.Equal("[p] disk is slow", message);
        Assert.Equal("p", Assert.IsType<Dictionary<string, object>>(scope)["PluginId"]);
    }

    [Fact]
    public void ConfigGetReturnsTheEntrysConfig()
    {
        using var sandbox = Sandbox();
        Assert.Equal([new KeyValuePair<string, string>("k", "v")], sandbox.ConfigGet());
    }
}
