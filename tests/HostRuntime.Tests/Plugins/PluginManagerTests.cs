using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Plugins.Sandbox;

namespace WitSharp.HostRuntime.Tests.Plugins;

public sealed class PluginManagerTests : IDisposable
{
    private readonly TempConfig temp = new();
    private readonly FakeLoader loader = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task IdenticalReplayDoesNotReload()
    {
        temp.WriteArtifact("a.fake", "");
        temp.WriteArtifact("b.fake", "");
        await using var manager = new PluginManager(loader);
        var config = temp.Config(temp.Entry("a", "a.fake"), temp.Entry("b", "b.fake"));

        await manager.ApplyAsync(config);
        await manager.ApplyAsync(config);
        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake"), temp.Entry("b", "b.fake")));

        Assert.Equal(1, loader.Prepares("a"));
        Assert.Equal(1, loader.Prepares("b"));
        Assert.All(manager.Statuses, s => Assert.Equal(PluginState.Ready, s.State));
        Assert.Equal(0, manager.GetTelemetry("a")!.Restarts);
    }

    [Fact]
    public async Task ConfigChangeReloadsOnlyTheChangedPlugin()
    {
        temp.WriteArtifact("a.fake", "");
        temp.WriteArtifact("b.fake", "");
        await using var manager = new PluginManager(loader);
        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", config: [new("mode", "fast")]), temp.Entry("b", "b.fake")));

        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", config: [new("mode", "slow")]), temp.Entry("b", "b.fake")));

        Assert.Equal(2, loader.Prepares("a"));
        Assert.Equal(1, loader.Prepares("b"));
        Assert.Equal(["a init mode=fast", "a shutdown", "a init mode=slow"], loader.Journal.Where(j => j.StartsWith("a ", StringComparison.Ordinal)));
        Assert.Equal(1, manager.GetTelemetry("a")!.Restarts);
    }

    [Fact]
    public async Task ArtifactContentDecidesReloadNotItsTimestamp()
    {
        var path = temp.WriteArtifact("a.fake", "");
        await using var manager = new PluginManager(loader);
        var config = temp.Config(temp.Entry("a", "a.fake"));
        await manager.ApplyAsync(config);

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        await manager.ApplyAsync(config);
        Assert.Equal(1, loader.Prepares("a"));

        File.WriteAllText(path, "imports ");
        await manager.ApplyAsync(config);
        Assert.Equal(2, loader.Prepares("a"));
    }

    [Fact]
    public async Task RemovedAndDisabledPluginsAreShutDown()
    {
        temp.WriteArtifact("a.fake", "");
        temp.WriteArtifact("b.fake", "");
        await using var manager = new PluginManager(loader);
        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake"), temp.Entry("b", "b.fake")));
        using var statuses = manager.SubscribeStatuses();

        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", enabled: false)));

        Assert.Contains("a shutdown", loader.Journal);
        Assert.Contains("b shutdown", loader.Journal);
        var a = Assert.Single(manager.Statuses);
        Assert.Equal(new PluginStatus("a", PluginState.Disabled, "disabled in the configuration", null, null), a);
        var removed = await statuses.ReadUntil("b", _ => true);
        Assert.Equal(PluginState.Disabled, removed.Single().State);
    }

    [Fact]
    public async Task TrappingInitGoesToErrorAndRecoversAfterBackoff()
    {
        temp.WriteArtifact("flaky.fake", "init-trap 3");
        temp.WriteArtifact("steady.fake", "");
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(40), RetryMaxDelay = TimeSpan.FromMilliseconds(100) };
        await using var manager = new PluginManager(loader, options);
        using var statuses = manager.SubscribeStatuses();

        await manager.ApplyAsync(temp.Config(temp.Entry("flaky", "flaky.fake"), temp.Entry("steady", "steady.fake")));
        var history = await statuses.ReadUntil("flaky", s => s.State == PluginState.Ready);

        Assert.Equal(
            [PluginState.Loading, PluginState.Error, PluginState.Loading, PluginState.Error, PluginState.Loading, PluginState.Error, PluginState.Loading, PluginState.Ready],
            history.Select(s => s.State));
        var errors = history.Where(s => s.State == PluginState.Error).ToArray();
        Assert.All(errors, e => Assert.Contains("unreachable executed", e.Message));
        Assert.All(errors, e => Assert.NotNull(e.RetryAt));
        var telemetry = manager.GetTelemetry("flaky")!;
        Assert.Equal(3, telemetry.Traps);
        Assert.Equal(3, telemetry.Restarts);
        Assert.Equal(PluginState.Ready, manager.Statuses.Single(s => s.PluginId == "steady").State);
        Assert.Equal(1, loader.Prepares("steady"));
    }

    [Fact]
    public void BackoffDoublesUpToTheCap()
    {
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(10) };
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(n => options.RetryDelay(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(10), options.RetryDelay(1000));
    }

    [Fact]
    public async Task InitErrorIsReportedWithTheKindAndMessage()
    {
        temp.WriteArtifact("bad.fake", "init-error");
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMinutes(5) };
        await using var manager = new PluginManager(loader, options);

        await manager.ApplyAsync(temp.Config(temp.Entry("bad", "bad.fake")));

        var status = Assert.Single(manager.Statuses);
        Assert.Equal(PluginState.Error, status.State);
        Assert.Equal("init failed: InvalidConfig: missing key 'directories'", status.Message);
    }

    [Fact]
    public async Task TrapInOnePluginLeavesOthersRunning()
    {
        temp.WriteArtifact("crashy.fake", "event-trap");
        temp.WriteArtifact("good.fake", "");
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMinutes(5) };
        await using var manager = new PluginManager(loader, options);
        await manager.ApplyAsync(temp.Config(temp.Entry("crashy", "crashy.fake"), temp.Entry("good", "good.fake")));

        Assert.False(await manager.SendAsync("crashy", PluginInput.Tick.Instance));
        Assert.True(await manager.SendAsync("good", PluginInput.Tick.Instance));

        var crashy = manager.Statuses.Single(s => s.PluginId == "crashy");
        Assert.Equal(PluginState.Error, crashy.State);
        Assert.Contains("out of bounds memory access", crashy.Message);
        Assert.Equal(PluginState.Ready, manager.Statuses.Single(s => s.PluginId == "good").State);
        Assert.Equal(1, manager.GetTelemetry("crashy")!.Traps);
    }

    [Fact]
    public async Task BlockedPluginBlocksNeitherCallerNorOtherPlugins()
    {
        temp.WriteArtifact("slow.fake", "event-block");
        temp.WriteArtifact("fast.fake", "");
        await using var manager = new PluginManager(loader);
        await manager.ApplyAsync(temp.Config(temp.Entry("slow", "slow.fake"), temp.Entry("fast", "fast.fake")));

        var slowCall = manager.SendAsync("slow", PluginInput.Tick.Instance);
        Assert.False(slowCall.IsCompleted);
        Assert.True(await manager.SendAsync("fast", PluginInput.Tick.Instance).WaitAsync(TimeSpan.FromSeconds(5)));

        loader.Release.Release();
        Assert.True(await slowCall.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task UngrantedImportIsRefusedByName()
    {
        temp.WriteArtifact("a.fake", "imports log,relay-publish,watch-subscribe");
        await using var manager = new PluginManager(loader);

        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", grants: StatusStream.Grants(imports: ["log"]))));

        var status = Assert.Single(manager.Statuses);
        Assert.Equal(PluginState.Error, status.State);
        Assert.Equal("imports not granted: relay-publish, watch-subscribe", status.Message);
        Assert.Null(status.RetryAt);
        Assert.DoesNotContain(loader.Journal, j => j.StartsWith("a init", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RelayEventsOnGrantedChannelsReachSubscribers()
    {
        temp.WriteArtifact("a.fake", "imports relay-publish\npublish news");
        await using var manager = new PluginManager(loader);
        using var relay = manager.SubscribeRelay();

        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", grants: StatusStream.Grants(imports: ["relay-publish"], channels: ["news"]))));

        Assert.True(relay.Reader.TryRead(out var delivery));
        Assert.Equal(new RelayDelivery("a", "news", new RelayMessage.Log("hello from a")), delivery);
    }

    [Fact]
    public async Task PublishingOnAnUngrantedChannelFailsInit()
    {
        temp.WriteArtifact("a.fake", "imports relay-publish\npublish secret");
        var options = new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMinutes(5) };
        await using var manager = new PluginManager(loader, options);

        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", grants: StatusStream.Grants(imports: ["relay-publish"], channels: ["news"]))));

        Assert.Equal("init failed: Io: relay channel 'secret' is not granted to plugin 'a'", manager.Statuses.Single().Message);
    }

    [Fact]
    public async Task MissingArtifactIsAnErrorForThatPluginOnly()
    {
        temp.WriteArtifact("b.fake", "");
        await using var manager = new PluginManager(loader);

        await manager.ApplyAsync(temp.Config(temp.Entry("a", "missing.fake"), temp.Entry("b", "b.fake")));

        var a = manager.Statuses.Single(s => s.PluginId == "a");
        Assert.Equal(PluginState.Error, a.State);
        Assert.Contains("missing.fake", a.Message);
        Assert.Equal(PluginState.Ready, manager.Statuses.Single(s => s.PluginId == "b").State);
    }

    [Fact]
    public async Task TelemetryCountsCallsDurationsAndMemory()
    {
        temp.WriteArtifact("a.fake", "");
        await using var manager = new PluginManager(loader);
        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake")));

        for (var i = 0; i < 5; i++)
        {
            await manager.SendAsync("a", PluginInput.Tick.Instance);
        }

        var telemetry = manager.GetTelemetry("a")!;
        Assert.Equal(6, telemetry.Calls);
        Assert.Equal(3, telemetry.MemoryPages);
        Assert.Equal(0, telemetry.Traps);
        Assert.True(telemetry.MaxDuration >= telemetry.MeanDuration);
        Assert.Equal(telemetry.TotalDuration / 6, telemetry.MeanDuration);
        Assert.Null(manager.GetTelemetry("nobody"));
    }

    [Fact]
    public async Task TicksArriveAtTheConfiguredPeriod()
    {
        temp.WriteArtifact("a.fake", "");
        await using var manager = new PluginManager(loader);
        var limits = PluginLimits.Default with { TickInterval = TimeSpan.FromMilliseconds(20) };

        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", limits: limits)));
        await Task.Delay(400);
        await manager.ApplyAsync(temp.Config(temp.Entry("a", "a.fake", enabled: false)));
        var ticks = loader.Journal.Count(j => j == "a event Tick");
        await Task.Delay(100);

        Assert.InRange(ticks, 2, 25);
        Assert.Equal(ticks, loader.Journal.Count(j => j == "a event Tick"));
    }

    [Fact]
    public async Task HostWatchDeliversCoalescedFilesystemChanges()
    {
        Directory.CreateDirectory(temp.Path("waves"));
        temp.WriteArtifact("a.fake", "");
        await using var manager = new PluginManager(loader);
        var entry = temp.Entry("a", "a.fake") with { Watch = new WatchSettings(["waves"], 500) };
        await manager.ApplyAsync(temp.Config(entry));

        for (var i = 0; i < 50; i++)
        {
            File.WriteAllText(temp.Path($"waves/w{i}.vcd"), "x");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !loader.Journal.Contains("a event FilesystemChange"))
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        Assert.InRange(loader.Journal.Count(j => j == "a event FilesystemChange"), 1, 3);
    }
}
