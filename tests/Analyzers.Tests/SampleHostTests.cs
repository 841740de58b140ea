namespace WitSharp.Analyzers.Tests;

/// <summary>A realistic host written the way the README recommends produces no diagnostic at all.</summary>
public sealed class SampleHostTests
{
    private const string SampleHost = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
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
        public partial class PluginWorld { }

        [WitSharp.WitImports("novywave:plugins/plugin@0.1.0")]
        public interface IPluginImports
        {
            void Log(int level, string message);
            IReadOnlyList<string> FilesystemListDir(string directory);
            IReadOnlyList<KeyValuePair<string, string>> ConfigGet();
        }

        /// <summary>Scoped filesystem the host provides: the only place that touches System.IO.</summary>
        public sealed class ScopedFileSystem(IReadOnlyList<string> roots)
        {
            public IReadOnlyList<string> List(string directory)
            {
                string full = Path.GetFullPath(directory);
                foreach (string root in roots)
                {
                    if (full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal))
                        return Directory.GetFileSystemEntries(full);
                }
                return Array.Empty<string>();
            }
        }

        public sealed class PluginImports(ScopedFileSystem files, IReadOnlyDictionary<string, string> config) : IPluginImports
        {
            private readonly ConcurrentQueue<string> _log = new();

            public void Log(int level, string message) => _log.Enqueue($"[{level}] {message}");
            public IReadOnlyList<string> FilesystemListDir(string directory) => files.List(directory);
            public IReadOnlyList<KeyValuePair<string, string>> ConfigGet() => [.. config];

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
