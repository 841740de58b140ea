namespace WitSharp.Analyzers.Tests;

/// <summary>
/// WSA0003 (blocking calls) and WSA0004 (direct System.IO) in members implementing the imports interfaces the WIT
/// generator emits (run for real on wit/plugins.wit and a world with an imported interface).
/// </summary>
public sealed class ImportImplementationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using static PluginWorld;

        [WitSharp.WitWorld("novywave:plugins/plugin")]
        public static partial class PluginWorld { }

        """;

    /// <summary>An implementation of the plugin world's IImports with the given bodies for three of its members.</summary>
    private static string Imports(string log, string listDir, string configGet, string extraMembers = "", string constructor = "") => Usings + $$"""
        sealed class Imports{{constructor}} : IImports
        {
            public void Log(LogLevel level, string message) {{log}}
            public Result<IReadOnlyList<DirectoryEntry>, PluginError> FilesystemListDir(string directory) {{listDir}}
            public FileMetadata? FilesystemReadMetadata(string path) => null;
            public Result<Subscription, PluginError> WatchSubscribe(IReadOnlyList<string> directories, uint debounceMs) =>
                Result<Subscription, PluginError>.Err(new PluginError.Io("not granted"));
            public Result<Unit, PluginError> RelayPublish(string channel, PluginEvent @event) => Result<Unit, PluginError>.Ok(default);
            public IReadOnlyList<ConfigEntry> ConfigGet() {{configGet}}
            {{extraMembers}}
        }
        """;

    private const string ListNothing = "=> Result<IReadOnlyList<DirectoryEntry>, PluginError>.Ok([]);";

    private static async Task<Diagnostic[]> Analyze(string source, params (string Path, string Text)[] extraFiles)
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(source, [("/host/wit/plugins.wit", AnalyzerHarness.PluginsWit), .. extraFiles]);
        return diagnostics.Where(d => d.Id is "WSA0003" or "WSA0004").ToArray();
    }

    [Fact]
    public async Task Blocking_calls_in_an_import_implementation_warn()
    {
        var diagnostics = await Analyze(Imports(
            constructor: "(Task<string> pending, HttpClient http, SemaphoreSlim gate)",
            log: """
                {
                    Thread.Sleep(10);
                    gate.Wait();
                    Task.Delay(5).Wait();
                }
                """,
            listDir: "=> Result<IReadOnlyList<DirectoryEntry>, PluginError>.Ok([new(pending.Result, false), new(pending.GetAwaiter().GetResult(), false)]);",
            configGet: """
                {
                    using var client = new TcpClient("example.invalid", 80);
                    return [new("status", http.Send(new HttpRequestMessage()).StatusCode.ToString())];
                }
                """));

        Assert.All(diagnostics, d => Assert.Equal("WSA0003", d.Id));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(
            ["Thread.Sleep(10)", "gate.Wait()", "Task.Delay(5).Wait()", "pending.Result", "pending.GetAwaiter().GetResult()",
             "new TcpClient(\"example.invalid\", 80)", "http.Send(new HttpRequestMessage())"],
            diagnostics.Select(d => d.Text()));
        Assert.Equal(
            "'Log' implements a WIT import and calls Thread.Sleep, which blocks the plugin's worker until it returns: use a non-blocking API or do the work outside the import call",
            diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Blocking_calls_inside_lambdas_and_explicit_implementations_warn()
    {
        var diagnostics = await Analyze(Usings + """
            sealed class Imports : IImports
            {
                void IImports.Log(LogLevel level, string message) { Action pause = () => Thread.Sleep(1); pause(); }
                public Result<IReadOnlyList<DirectoryEntry>, PluginError> FilesystemListDir(string directory) => Result<IReadOnlyList<DirectoryEntry>, PluginError>.Ok([]);
                public FileMetadata? FilesystemReadMetadata(string path) => null;
                public Result<Subscription, PluginError> WatchSubscribe(IReadOnlyList<string> directories, uint debounceMs) => Result<Subscription, PluginError>.Ok(new(1));
                public Result<Unit, PluginError> RelayPublish(string channel, PluginEvent @event) => Result<Unit, PluginError>.Ok(default);
                public IReadOnlyList<ConfigEntry> ConfigGet() => [];
            }
            """);

        Assert.Equal(["Thread.Sleep(1)"], diagnostics.Select(d => d.Text()));
    }

    [Fact]
    public async Task Direct_filesystem_access_in_an_import_implementation_warns()
    {
        var diagnostics = await Analyze(Imports(
            log: "=> File.AppendAllText(\"/tmp/plugin.log\", message);",
            listDir: "=> Result<IReadOnlyList<DirectoryEntry>, PluginError>.Ok([.. Directory.EnumerateFiles(directory).Select(f => new DirectoryEntry(f, false)), new(new FileInfo(directory).FullName, true)]);",
            configGet: """
                {
                    using var reader = new StreamReader("/etc/plugin.toml");
                    return [new("text", reader.ReadToEnd())];
                }
                """));

        Assert.All(diagnostics, d => Assert.Equal("WSA0004", d.Id));
        Assert.Equal(
            ["File.AppendAllText(\"/tmp/plugin.log\", message)", "Directory.EnumerateFiles(directory)", "new FileInfo(directory)",
             "new StreamReader(\"/etc/plugin.toml\")"],
            diagnostics.Select(d => d.Text()));
        Assert.Contains("uses Directory.EnumerateFiles directly", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task Implementations_of_imported_interfaces_are_import_implementations_too()
    {
        const string wit = """
            package acme:tools@1.0.0;
            interface clock { now: func() -> u64; }
            world tool {
                import clock;
                import notify: func(text: string);
            }
            """;
        var diagnostics = await Analyze("""
            using System.Threading;
            [WitSharp.WitWorld("acme:tools/tool")]
            public static partial class ToolWorld { }
            sealed class Clock : ToolWorld.IClock { public ulong Now() { Thread.Sleep(1); return 0; } }
            sealed class Tool(Clock clock) : ToolWorld.IImports
            {
                public void Notify(string text) => System.IO.File.WriteAllText("/tmp/x", text);
                public ToolWorld.IClock Clock => clock;
            }
            """, ("/host/wit/tool/tool.wit", wit));

        Assert.Equal([("WSA0003", "Thread.Sleep(1)"), ("WSA0004", "System.IO.File.WriteAllText(\"/tmp/x\", text)")],
            diagnostics.Select(d => (d.Id, d.Text())));
    }

    [Fact]
    public async Task Non_blocking_code_and_pure_System_IO_helpers_are_silent()
    {
        var diagnostics = await Analyze(Imports(
            constructor: "(Action<string> sink, IReadOnlyList<string> granted)",
            log: "=> sink(Path.GetFileName(message));",
            listDir: """
                {
                    using var buffer = new MemoryStream();
                    using var reader = new StreamReader(buffer);
                    _ = Task.Run(() => sink(directory));
                    return Result<IReadOnlyList<DirectoryEntry>, PluginError>.Ok(
                        [.. granted.Where(g => g.StartsWith(Path.Combine(directory, ""), StringComparison.Ordinal)).Select(g => new DirectoryEntry(g, false))]);
                }
                """,
            configGet: "=> [];",
            extraMembers: "public async Task FlushAsync() { await Task.Delay(1); }"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Members_that_implement_no_import_are_silent()
    {
        var diagnostics = await Analyze(Imports(
            log: "{ }",
            listDir: "=> Helper(directory);",
            configGet: "=> [];",
            // Called by an import, but not itself one: the rules look at import members' own bodies.
            extraMembers: """
                private static Result<IReadOnlyList<DirectoryEntry>, PluginError> Helper(string directory)
                {
                    Thread.Sleep(1);
                    return Result<IReadOnlyList<DirectoryEntry>, PluginError>.Ok([.. File.ReadAllLines(directory).Select(l => new DirectoryEntry(l, false))]);
                }
                void IUnrelated.Log(LogLevel level, string message) => Thread.Sleep(1);
                """) .Replace("sealed class Imports : IImports", "public interface IUnrelated { void Log(LogLevel level, string message); }\nsealed class Imports : IImports, IUnrelated")
            + "\nsealed class Background { public void Log(string message) => Thread.Sleep(1); }\n");

        Assert.Empty(diagnostics);
    }
}
