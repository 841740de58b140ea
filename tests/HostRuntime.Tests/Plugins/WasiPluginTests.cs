using Microsoft.Extensions.Logging;
using WitSharp.HostRuntime.Capabilities;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.HostRuntime.Tests.Components;

namespace WitSharp.HostRuntime.Tests.Plugins;

/// <summary>
/// A plugin built the usual way (wasi-libc printf through the preview1 adapter) imports WASI 0.2; the plugin host links
/// the granted WASI interfaces and routes the guest's stdout/stderr to the plugin's logger.
/// </summary>
public sealed class WasiPluginTests : IDisposable
{
    private static readonly string Artifact =
        Path.Combine(TestFiles.RepositoryRoot, "tests", "HostRuntime.Tests", "Wasi", "Guests", "wasi-plugin.component.wasm");

    private readonly TempConfig temp = new();
    private readonly CapturingLogger pluginLog = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task PrintfReachesThePluginLoggerWhenWasiIsGranted()
    {
        var manager = new PluginManager(new ComponentPluginLoader(), new PluginManagerOptions { LoggerFactory = new PluginLoggerFactory(pluginLog) });
        try
        {
            await manager.ApplyAsync(temp.Config(Entry(AllWasiImportsOf(Artifact))));
            Assert.Equal(PluginState.Ready, manager.Statuses.Single().State);
            Assert.True(await manager.SendAsync("wasi_plugin", new PluginInput.Tick()));
        }
        finally
        {
            await manager.DisposeAsync();
        }

        var lines = pluginLog.Entries;
        Assert.Contains(lines, entry => entry.Level == LogLevel.Information && entry.Message.Contains("wasi-plugin init with 1 config entries", StringComparison.Ordinal));
        Assert.Contains(lines, entry => entry.Level == LogLevel.Information && entry.Message.Contains("wasi-plugin event 0", StringComparison.Ordinal));
        Assert.Contains(lines, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("wasi-plugin shutting down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UngrantedWasiInterfacesAreRefusedByName()
    {
        await using var manager = new PluginManager(new ComponentPluginLoader(), new PluginManagerOptions { RetryBaseDelay = TimeSpan.FromMinutes(5) });

        await manager.ApplyAsync(temp.Config(Entry([])));

        var status = manager.Statuses.Single();
        Assert.Equal(PluginState.Error, status.State);
        Assert.StartsWith("imports not granted: ", status.Message, StringComparison.Ordinal);
        Assert.Contains("wasi:cli/stdout@0.2", status.Message, StringComparison.Ordinal);
    }

    private static string[] AllWasiImportsOf(string artifact) =>
        [.. WitSharp.HostRuntime.Components.ComponentSignature.Read(File.ReadAllBytes(artifact)).Imports
            .Select(import => import.Name)
            .Where(name => name.StartsWith("wasi:", StringComparison.Ordinal))
            .Select(name => name[..name.IndexOf('@', StringComparison.Ordinal)])];

    private PluginEntryConfig Entry(string[] wasi) =>
        new("wasi_plugin", true, Artifact, temp.Directory, [new("greeting", "hi")], null,
            StatusStream.Grants(wasi), PluginLimits.Default with { CallDeadline = TimeSpan.FromSeconds(30) });

    private sealed class PluginLoggerFactory(ILogger pluginLogger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("WitSharp.Plugins.", StringComparison.Ordinal) ? pluginLogger : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
