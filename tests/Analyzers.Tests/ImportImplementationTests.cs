namespace WitSharp.Analyzers.Tests;

/// <summary>WSA0003 (blocking calls) and WSA0004 (direct System.IO) in members implementing a generated imports interface.</summary>
public sealed class ImportImplementationTests
{
    // The shape the generator gives an imports interface: the [WitImports] marker on the interface.
    private const string ImportsInterface = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        [WitSharp.WitImports("novywave:plugins/plugin@0.1.0")]
        public interface IPluginImports
        {
            void Log(string message);
            string[] FilesystemListDir(string directory);
            string ConfigGet();
        }
        """;

    private static async Task<Diagnostic[]> AnalyzeImplementation(string members)
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(ImportsInterface + "\n" + members);
        return diagnostics.Where(d => d.Id is "WSA0003" or "WSA0004").ToArray();
    }

    [Fact]
    public async Task Blocking_calls_in_an_import_implementation_warn()
    {
        var diagnostics = await AnalyzeImplementation("""
            sealed class Imports(Task<string> pending, HttpClient http, SemaphoreSlim gate) : IPluginImports
            {
                public void Log(string message)
                {
                    Thread.Sleep(10);
                    gate.Wait();
                    Task.Delay(5).Wait();
                }
                public string[] FilesystemListDir(string directory) => [pending.Result, pending.GetAwaiter().GetResult()];
                public string ConfigGet()
                {
                    using var client = new TcpClient("example.invalid", 80);
                    return http.Send(new HttpRequestMessage()).ToString();
                }
            }
            """);

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
        var diagnostics = await AnalyzeImplementation("""
            sealed class Imports : IPluginImports
            {
                void IPluginImports.Log(string message) { Action pause = () => Thread.Sleep(1); pause(); }
                public string[] FilesystemListDir(string directory) => [];
                public string ConfigGet() => "";
            }
            """);

        Assert.Equal(["Thread.Sleep(1)"], diagnostics.Select(d => d.Text()));
    }

    [Fact]
    public async Task Direct_filesystem_access_in_an_import_implementation_warns()
    {
        var diagnostics = await AnalyzeImplementation("""
            sealed class Imports : IPluginImports
            {
                public void Log(string message) => File.AppendAllText("/tmp/plugin.log", message);
                public string[] FilesystemListDir(string directory) =>
                    [.. Directory.EnumerateFiles(directory), new FileInfo(directory).FullName];
                public string ConfigGet()
                {
                    using var reader = new StreamReader("/etc/plugin.toml");
                    return reader.ReadToEnd();
                }
            }
            """);

        Assert.All(diagnostics, d => Assert.Equal("WSA0004", d.Id));
        Assert.Equal(
            ["File.AppendAllText(\"/tmp/plugin.log\", message)", "Directory.EnumerateFiles(directory)", "new FileInfo(directory)",
             "new StreamReader(\"/etc/plugin.toml\")"],
            diagnostics.Select(d => d.Text()));
        Assert.Contains("uses Directory.EnumerateFiles directly", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task Non_blocking_code_and_pure_System_IO_helpers_are_silent()
    {
        var diagnostics = await AnalyzeImplementation("""
            sealed class Imports(Action<string> sink, IReadOnlyList<string> granted) : IPluginImports
            {
                public void Log(string message) => sink(Path.GetFileName(message));
                public string[] FilesystemListDir(string directory)
                {
                    using var buffer = new MemoryStream();
                    using var reader = new StreamReader(buffer);
                    _ = Task.Run(() => sink(directory));
                    return [.. granted.Where(g => g.StartsWith(Path.Combine(directory, ""), StringComparison.Ordinal)), reader.ReadToEnd()];
                }
                public string ConfigGet() => "";
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Members_that_implement_no_import_are_silent()
    {
        var diagnostics = await AnalyzeImplementation("""
            public interface IUnrelated { void Log(string message); }
            sealed class Imports : IPluginImports, IUnrelated
            {
                void IUnrelated.Log(string message) => Thread.Sleep(1);
                public void Log(string message) { }
                public string[] FilesystemListDir(string directory) => Helper(directory);
                public string ConfigGet() => "";
                // Called by an import, but not itself one: the analyzer looks at import members' own bodies.
                private static string[] Helper(string directory) { Thread.Sleep(1); return File.ReadAllLines(directory); }
            }
            sealed class Background { public void Log(string message) => Thread.Sleep(1); }
            """);

        Assert.Empty(diagnostics);
    }
}
