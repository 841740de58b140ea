using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Plugins.Sandbox;
using WitSharp.HostRuntime.Tests.Components;

namespace WitSharp.HostRuntime.Tests.Plugins;

/// <summary>The reference plugins (plugins/dist) through the real engine, generated bindings and the manager.</summary>
public sealed class RealPluginTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempConfig temp = new();

    public RealPluginTests()
    {
        Directory.CreateDirectory(temp.Path("waves/sub"));
        Directory.CreateDirectory(temp.Path("outside"));
        File.WriteAllText(temp.Path("waves/a.vcd"), "$end");
        File.WriteAllText(temp.Path("waves/sub/b.FST"), "x");
        File.WriteAllText(temp.Path("waves/notes.txt"), "x");
        File.WriteAllText(temp.Path("outside/secret.vcd"), "x");
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task ScannerDiscoversAndRescansOnChanges()
    {
        await using var manager = new PluginManager(new ComponentPluginLoader());
        using var relay = manager.SubscribeRelay();

        await manager.ApplyAsync(temp.Config(Scanner(["waves"])));

        Assert.Equal(PluginState.Ready, manager.Statuses.Single().State);
        var first = await NextAsync(relay);
        Assert.Equal(new RelayDelivery("waveform_scanner", "discovery", first.Message), first);
        Assert.Equal(["waves/a.vcd", "waves/sub/b.FST"], ((RelayMessage.Discovery)first.Message).Discovered);

        File.WriteAllText(temp.Path("waves/sub/new.vcd"), "x");
        var second = (RelayMessage.Discovery)(await NextAsync(relay)).Message;
        Assert.Equal(["waves/a.vcd", "waves/sub/b.FST", "waves/sub/new.vcd"], second.Discovered);
        Assert.Equal(0, manager.GetTelemetry("waveform_scanner")!.Traps);
    }

    [Fact]
    public async Task AutoReloadBatchesChangeEventsAndFlushesOnShutdown()
    {
        var manager = new PluginManager(new ComponentPluginLoader());
        using var relay = manager.SubscribeRelay();
        var entry = Entry("auto_reload", "auto_reload.wasm", [new("batch-size", "2"), new("max-delay-ms", "600000")],
            StatusStream.Grants(["log", "watch-subscribe", "relay-publish"], [], ["timeline"]));
        try
        {
            await manager.ApplyAsync(temp.Config(entry));
            Assert.Equal(PluginState.Ready, manager.Statuses.Single().State);

            Assert.True(await manager.SendAsync("auto_reload", new PluginInput.FilesystemChange(1, ["waves/one.vcd", "waves/two.vcd"])));
            Assert.False(relay.Reader.TryRead(out _));
            Assert.True(await manager.SendAsync("auto_reload", new PluginInput.FilesystemChange(1, ["waves/two.vcd", "waves/three.vcd"])));
            var batch = (RelayMessage.RefreshTimeline)(await NextAsync(relay)).Message;
            Assert.Equal(["waves/one.vcd", "waves/two.vcd", "waves/three.vcd"], batch.Paths);

            Assert.True(await manager.SendAsync("auto_reload", new PluginInput.FilesystemChange(1, ["waves/four.vcd"])));
        }
        finally
        {
            await manager.DisposeAsync();
        }

        var flushed = (RelayMessage.RefreshTimeline)(await NextAsync(relay)).Message;
        Assert.Equal(["waves/four.vcd"], flushed.Paths);
    }

    [Fact]
    public async Task AutoReloadReceivesTheHostConfiguredWatch()
    {
        await using var manager = new PluginManager(new ComponentPluginLoader());
        using var relay = manager.SubscribeRelay();
        var entry = Entry("auto_reload", "auto_reload.wasm", [new("batch-size", "1")],
            StatusStream.Grants(["log", "watch-subscribe", "relay-publish"], [], ["timeline"])) with { Watch = new WatchSettings(["waves"], 100) };
        await manager.ApplyAsync(temp.Config(entry));

        File.WriteAllText(temp.Path("waves/sub/new.vcd"), "x");

        var batch = (RelayMessage.RefreshTimeline)(await NextAsync(relay)).Message;
        Assert.Contains("waves/sub/new.vcd", batch.Paths);
    }

    [Fact]
    public async Task UngrantedImportsOfARealArtifactAreRefusedByName()
    {
        await using var manager = new PluginManager(new ComponentPluginLoader());

        await manager.ApplyAsync(temp.Config(Scanner(["waves"]) with { Grants = StatusStream.Grants(["log"], ["waves"], ["discovery"]) }));

        var status = manager.Statuses.Single();
        Assert.Equal(PluginState.Error, status.State);
        Assert.Equal("imports not granted: filesystem-list-dir, relay-publish, watch-subscribe", status.Message);
    }

    [Theory]
    [InlineData("../outside", "contains a '..' segment")]
    [InlineData("outside", "is outside the granted directories")]
    public async Task ScannerCannotLeaveItsGrant(string directory, string why)
    {
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMinutes(5) };
        await using var manager = new PluginManager(new ComponentPluginLoader(), options);
        using var relay = manager.SubscribeRelay();

        await manager.ApplyAsync(temp.Config(Scanner([directory])));

        var status = manager.Statuses.Single();
        Assert.Equal(PluginState.Error, status.State);
        Assert.Equal($"init failed: Io: access to '{directory}' refused: the path {why}", status.Message);
        Assert.DoesNotContain(Drain(relay), d => d.Message is RelayMessage.Discovery found && found.Discovered.Any(p => p.Contains("secret", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FuelExhaustionIsATrapAndMoreFuelRecovers()
    {
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMinutes(5) };
        await using var manager = new PluginManager(new ComponentPluginLoader(), options);
        var starving = Scanner(["waves"]) with { Limits = PluginLimits.Default with { Fuel = 100, CallDeadline = Patience } };

        await manager.ApplyAsync(temp.Config(starving));
        var failed = manager.Statuses.Single();
        Assert.Equal(PluginState.Error, failed.State);
        Assert.Contains("fuel", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(failed.RetryAt);
        Assert.Equal(1, manager.GetTelemetry("waveform_scanner")!.Traps);

        await manager.ApplyAsync(temp.Config(starving with { Limits = starving.Limits with { Fuel = 1_000_000_000 } }));
        Assert.Equal(PluginState.Ready, manager.Statuses.Single().State);
        Assert.Equal(1, manager.GetTelemetry("waveform_scanner")!.Restarts);
    }

    [Fact]
    public async Task MemoryLimitBelowWhatThePluginNeedsIsAnError()
    {
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMinutes(5) };
        await using var manager = new PluginManager(new ComponentPluginLoader(), options);

        await manager.ApplyAsync(temp.Config(Scanner(["waves"]) with { Limits = PluginLimits.Default with { MemoryPages = 1 } }));

        var status = manager.Statuses.Single();
        Assert.Equal(PluginState.Error, status.State);
        Assert.Contains("memory", status.Message, StringComparison.OrdinalIgnoreCase);
    }

    private PluginEntryConfig Scanner(string[] directories) => Entry(
        "waveform_scanner",
        "waveform_scanner.wasm",
        [.. directories.Select((d, i) => new KeyValuePair<string, string>($"directories.{i}", d)), new("debounce-ms", "50")],
        StatusStream.Grants(["log", "filesystem-list-dir", "watch-subscribe", "relay-publish"], ["waves"], ["discovery"]));

    private PluginEntryConfig Entry(string id, string artifact, IReadOnlyList<KeyValuePair<string, string>> config, CapabilityGrants grants) =>
        new(id, true, Path.Combine(TestFiles.RepositoryRoot, "plugins", "dist", artifact), temp.Directory, config, null, grants,
            PluginLimits.Default with { CallDeadline = Patience });

    private static async Task<RelayDelivery> NextAsync(Subscription<RelayDelivery> relay)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await relay.Reader.ReadAsync(timeout.Token);
    }

    private static List<RelayDelivery> Drain(Subscription<RelayDelivery> relay)
    {
        var items = new List<RelayDelivery>();
        while (relay.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
