using WitSharp.Analyzers.CodeFixes;

namespace WitSharp.Analyzers.Tests;

/// <summary>WSA0005 (entry names no capability of the world) and WSA0006 (entry never granted).</summary>
public sealed class AllowlistTests
{
    /// <summary>A host for the plugin world: the allowlist and grants in <paramref name="code"/>.</summary>
    private static string Host(string code) =>
        "using WitSharp.HostRuntime.Capabilities;\n" + code + "\n[WitSharp.WitWorld(\"novywave:plugins/plugin\")]\npartial class PluginWorld { }\n";

    private static (string, string) PluginsWit => ("/host/wit/plugins.wit", AnalyzerHarness.PluginsWit);

    [Fact]
    public async Task Entry_that_is_no_import_of_the_world_nor_WASI_warns()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Host("""
            [assembly: CapabilityAllowlist("log", "lgo", "relay-publish:discovery", "wasi:cli/stdout", "wasi:sockets/tcp", "relay-publish:")]
            class Grants { void Grant(PluginGrants g) => g.Allow("log").AllowRelayChannel("discovery").Allow("wasi:cli/stdout"); }
            """), PluginsWit);

        Diagnostic[] unknown = diagnostics.WithId("WSA0005");
        Assert.Equal(["\"lgo\"", "\"wasi:sockets/tcp\"", "\"relay-publish:\""], unknown.Select(d => d.Text()));
        Assert.All(unknown, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(
            "'lgo' is not an import of world novywave:plugins/plugin@0.1.0 nor a WASI interface: capability names are import names such as 'log', 'relay-publish:<channel>' or 'wasi:cli/stdout'",
            unknown[0].GetMessage());
    }

    [Fact]
    public async Task Imports_of_any_named_world_count_including_interface_imports()
    {
        const string wit = """
            package acme:tools@1.2.0;
            interface clock { now: func() -> u64; }
            world tool {
                import clock;
                import wasi:clocks/wall-clock@0.2.3;
                import notify: func(text: string);
            }
            """;
        const string wasiClocks = """
            package wasi:clocks@0.2.3;
            interface wall-clock { now: func() -> u64; }
            """;
        var diagnostics = await AnalyzerHarness.AnalyzeAsync("""
            using WitSharp.HostRuntime.Capabilities;
            [assembly: CapabilityAllowlist("acme:tools/clock", "wasi:clocks/wall-clock", "notify", "log")]
            [WitSharp.WitWorld("acme:tools/tool")]
            partial class ToolWorld { }
            """, ("/host/wit/tool.wit", wit), ("/host/wit/deps/clocks.wit", wasiClocks));

        Assert.Equal(["\"log\""], diagnostics.WithId("WSA0005").Select(d => d.Text()));
    }

    [Fact]
    public async Task Imports_gated_by_an_unstable_feature_count_only_when_the_project_enables_it()
    {
        const string wit = """
            package acme:tools@1.2.0;
            world tool {
                import notify: func(text: string);
                @unstable(feature = beeps)
                import beep: func();
            }
            """;
        const string host = """
            using WitSharp.HostRuntime.Capabilities;
            [assembly: CapabilityAllowlist("notify", "beep")]
            [WitSharp.WitWorld("acme:tools/tool")]
            partial class ToolWorld { }
            """;

        var off = await AnalyzerHarness.AnalyzeAsync(host, ("/host/wit/tool.wit", wit));
        var on = await AnalyzerHarness.AnalyzeAsync(new Dictionary<string, string> { ["WitSharpWitFeatures"] = "beeps" }, host, ("/host/wit/tool.wit", wit));

        Assert.Equal(["\"beep\""], off.WithId("WSA0005").Select(d => d.Text()));
        Assert.Empty(on.WithId("WSA0005"));
    }

    [Fact]
    public async Task Without_a_resolvable_world_entries_are_not_judged()
    {
        var noWorld = await AnalyzerHarness.AnalyzeAsync("""
            using WitSharp.HostRuntime.Capabilities;
            [assembly: CapabilityAllowlist("lgo")]
            """, PluginsWit);
        var brokenWit = await AnalyzerHarness.AnalyzeAsync(Host("""
            [assembly: CapabilityAllowlist("lgo")]
            """), ("/host/wit/plugins.wit", "package novywave:plugins@0.1.0; world plugin { import log: func(m: strin); }"));

        Assert.Empty(noWorld.WithId("WSA0005"));
        Assert.Empty(brokenWit.WithId("WSA0005"));
    }

    [Fact]
    public async Task Entry_granted_nowhere_is_reported_as_info()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Host("""
            [assembly: CapabilityAllowlist("log", "config-get", "relay-publish", "wasi:cli/stderr")]
            class Grants { void Grant(PluginGrants g) => g.Allow(PluginCapabilities.Log).AllowRelayChannel("discovery"); }
            """), PluginsWit);

        Diagnostic[] unused = diagnostics.WithId("WSA0006");
        Assert.Equal(["\"config-get\"", "\"wasi:cli/stderr\""], unused.Select(d => d.Text()));
        Assert.All(unused, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Equal("'config-get' is on the capability allowlist but nothing in this project or its .novywave files grants it", unused[0].GetMessage());
    }

    [Fact]
    public async Task Entries_in_an_explicit_array_are_located_one_by_one()
    {
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(Host("""
            [assembly: CapabilityAllowlist(new[] { "log", "lgo" })]
            class Grants { void Grant(PluginGrants g) => g.Allow("log"); }
            """), PluginsWit);

        Assert.Equal(["\"lgo\""], diagnostics.WithId("WSA0005").Select(d => d.Text()));
        Assert.Empty(diagnostics.WithId("WSA0006"));
    }

    [Fact]
    public async Task Code_fix_removes_an_unknown_entry_from_an_explicit_array()
    {
        // The generator's attribute, declared by hand: the code-fix workspace runs no generator.
        string[] fixedSources = await AnalyzerHarness.ApplyFixAsync(new RemoveAllowlistEntryCodeFix(), "WSA0005", ["""
            using WitSharp.HostRuntime.Capabilities;
            [assembly: CapabilityAllowlist(new[] { "log", "lgo" })]
            namespace WitSharp { sealed class WitWorldAttribute(string world) : System.Attribute { public string World { get; } = world; } }
            [WitSharp.WitWorld("novywave:plugins/plugin")]
            partial class PluginWorld { }
            """], [PluginsWit]);

        Assert.True(fixedSources[0].Contains("""[assembly: CapabilityAllowlist(new[] { "log" })]"""), fixedSources[0]);
    }

    [Fact]
    public async Task Code_fix_removes_an_unused_entry()
    {
        string[] fixedSources = await AnalyzerHarness.ApplyFixAsync(new RemoveAllowlistEntryCodeFix(), "WSA0006", """
            using WitSharp.HostRuntime.Capabilities;
            [assembly: CapabilityAllowlist("config-get", "log")]
            class Grants { void Grant(PluginGrants g) => g.Allow("log"); }
            """);

        Assert.Contains("""[assembly: CapabilityAllowlist("log")]""", fixedSources[0]);
    }
}
