namespace WitSharp.Analyzers.Tests;

/// <summary>A realistic host written the way the README recommends produces no diagnostic at all.</summary>
public sealed class SampleHostTests
{
    private const string SampleHost = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using WitSharp.HostRuntime.Capabilities;

        [assembly: CapabilityAllowlist(
            PluginCapabilities.Log,
            PluginCapabilities.FilesystemListDir,
            PluginCapabilities.ConfigGet,
            "relay-publish:discovery",
            WasiCapabilities.CliStdout)]

        [WitSharp.WitWorld("novywave:plugins/plugin")]
        public static partial class PluginWorld { }

        /// <summary>Scoped filesystem the host provides: the only place that touches System.IO.</summary>
        public sealed class ScopedFileSystem(IReadOnlyList<string> roots)
        {
            public IReadOnlyList<string>? List(string directory)
            {
                string full = Path.GetFullPath(directory);
                foreach (string root in roots)
                {
                    if (full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal))
                        return Directory.GetFileSystemEntries(full);
                }
                return null;
            }
        }

        public sealed class PluginImports(ScopedFileSystem files, IReadOnlyDictionary<string, string> config, Action<string, PluginWorld.PluginEvent> relay)
            : PluginWorld.IImports
        {
            private readonly ConcurrentQueue<string> _log = new();

            public void Log(PluginWorld.LogLevel level, string message) => _log.Enqueue($"[{level}] {message}");

            public PluginWorld.Result<IReadOnlyList<PluginWorld.DirectoryEntry>, PluginWorld.PluginError> FilesystemListDir(string directory) =>
                files.List(directory) is { } entries
                    ? PluginWorld.Result<IReadOnlyList<PluginWorld.DirectoryEntry>, PluginWorld.PluginError>.Ok(
                        [.. entries.Select(e => new PluginWorld.DirectoryEntry(e, false))])
                    : PluginWorld.Result<IReadOnlyList<PluginWorld.DirectoryEntry>, PluginWorld.PluginError>.Err(new PluginWorld.PluginError.Io("not granted"));

            public PluginWorld.FileMetadata? FilesystemReadMetadata(string path) => null;

            public PluginWorld.Result<PluginWorld.Subscription, PluginWorld.PluginError> WatchSubscribe(IReadOnlyList<string> directories, uint debounceMs) =>
                PluginWorld.Result<PluginWorld.Subscription, PluginWorld.PluginError>.Err(new PluginWorld.PluginError.Io("watch is not granted"));

            public PluginWorld.Result<PluginWorld.Unit, PluginWorld.PluginError> RelayPublish(string channel, PluginWorld.PluginEvent @event)
            {
                relay(channel, @event);
                return PluginWorld.Result<PluginWorld.Unit, PluginWorld.PluginError>.Ok(default);
            }

            public IReadOnlyList<PluginWorld.ConfigEntry> ConfigGet() => [.. config.Select(c => new PluginWorld.ConfigEntry(c.Key, c.Value))];

            // Not an import: background work may wait.
            public async Task FlushAsync(CancellationToken token)
            {
                while (_log.TryDequeue(out string? line))
                    await Console.Out.WriteLineAsync(line.AsMemory(), token);
                Thread.Sleep(0);
            }
        }

        public static class HostSetup
        {
            public static PluginGrants ScannerGrants() => new PluginGrants()
                .Allow(PluginCapabilities.Log)
                .Allow(PluginCapabilities.FilesystemListDir)
                .AllowDirectory("samples/waveforms")
                .AllowRelayChannel("discovery")
                .Allow(WasiCapabilities.CliStdout);
        }
        """;

    private const string SampleConfig = """
        # NovyWave host configuration
        [plugins]
        schema_version = 1

        [[plugins.entries]]
        id = "waveform_scanner"
        enabled = true
        artifact_path = "plugins/dist/waveform_scanner.wasm"
        config = { extensions = ["vcd", "fst"], recursive = true }

        [plugins.entries.capabilities]
        imports = ["log", "filesystem-list-dir", "config-get", "relay-publish"]
        wasi = ["wasi:cli/stdout"]
        relay_channels = ["discovery"]
        directories = ["samples/waveforms"]

        [[plugins.entries]]
        id = "hello_world"
        enabled = false
        artifact_path = "plugins/dist/hello_world.wasm"
        capabilities.imports = ["log"]
        """;

    [Fact]
    public async Task Sample_host_and_its_novywave_produce_no_diagnostics()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(SampleHost,
            ("/host/wit/plugins.wit", AnalyzerHarness.PluginsWit), ("/host/sample.novywave", SampleConfig));

        Assert.Empty(diagnostics);
    }
}
