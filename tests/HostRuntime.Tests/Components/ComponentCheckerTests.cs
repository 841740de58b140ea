using WitSharp.HostRuntime.Components;
using WitSharp.Wit;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Dry-run checks of hello_world against wit/plugins.wit and against worlds that differ from it.</summary>
public sealed class ComponentCheckerTests
{
    private static readonly string PluginsWit = File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "wit", "plugins.wit"));

    [Fact]
    public void HelloWorld_FitsThePluginWorld()
    {
        Assert.Empty(ComponentChecker.Check(TestFiles.HelloWorld(), World(PluginsWit)));
    }

    [Fact]
    public void ChangedImportSignature_IsReportedWithBothTypes()
    {
        var world = World(PluginsWit.Replace("import log: func(level: log-level, message: string);", "import log: func(level: u32, message: string);"));

        var mismatch = Assert.Single(ComponentChecker.Check(TestFiles.HelloWorld(), world));

        Assert.Equal(ComponentMismatchKind.ImportTypeMismatch, mismatch.Kind);
        Assert.Equal("log", mismatch.Name);
        Assert.Contains("the component has func(level: log-level, message: string)", mismatch.Message);
        Assert.Contains("the host world has func(level: u32, message: string)", mismatch.Message);
        Assert.Contains("parameter level: component has enum { trace, debug, info, warn, error }, host has u32", mismatch.Message);
    }

    [Fact]
    public void ImportTheHostLacks_AndMissingExport_AreBothReported()
    {
        var world = World(PluginsWit
            .Replace("    import log: func(level: log-level, message: string);\n", string.Empty)
            .Replace("    export shutdown: func();", "    export shutdown: func();\n    export reload: func(force: bool) -> bool;"));

        var mismatches = ComponentChecker.Check(TestFiles.HelloWorld(), world);

        Assert.Collection(
            mismatches,
            extra =>
            {
                Assert.Equal(ComponentMismatchKind.ExtraImport, extra.Kind);
                Assert.Equal("the component imports log: func(level: log-level, message: string), which the host world novywave:plugins/plugin@0.1.0 does not provide", extra.Message);
            },
            missing =>
            {
                Assert.Equal(ComponentMismatchKind.MissingExport, missing.Kind);
                Assert.Equal("the host world expects export reload: func(force: bool) -> bool, which the component does not export", missing.Message);
            });
    }

    [Fact]
    public void ChangedRecordField_InAnExportResult_NamesThePath()
    {
        var world = World(PluginsWit.Replace("        capabilities: list<string>,\n    }", "        capabilities: list<u8>,\n    }"));

        var mismatches = ComponentChecker.Check(TestFiles.HelloWorld(), world);

        var init = Assert.Single(mismatches, m => m.Name == "init");
        Assert.Equal(ComponentMismatchKind.ExportTypeMismatch, init.Kind);
        Assert.Contains("result.ok.capabilities[]: component has string, host has u8", init.Message);
        Assert.Contains(mismatches, m => m.Kind == ComponentMismatchKind.ImportTypeMismatch && m.Name.EndsWith("#plugin-metadata", StringComparison.Ordinal));
    }

    [Fact]
    public void RenamedVariantCase_InAnExportParameter_IsReported()
    {
        var world = World(PluginsWit.Replace("        tick,\n", "        tock,\n"));

        var mismatches = ComponentChecker.Check(TestFiles.HelloWorld(), world);

        var handleEvent = Assert.Single(mismatches, m => m.Name == "handle-event");
        Assert.Contains("parameter event: component has variant { tick, filesystem-change(change-notification), config-updated(config-data) }", handleEvent.Message);
        Assert.Contains("host has variant { tock, filesystem-change(change-notification), config-updated(config-data) }", handleEvent.Message);
    }

    public static TheoryData<string> CorpusBuilds() => new(TestFiles.CorpusBuilds().Where(b => b != "wasi-guest"));

    /// <summary>Each corpus component, and the core module it was made from, was built from its .wit, so both fit
    /// that world: interfaces, resources, shims, any string encoding.</summary>
    [Theory]
    [MemberData(nameof(CorpusBuilds))]
    public void CorpusComponent_FitsTheWorldItWasBuiltFrom(string build)
    {
        var world = TestFiles.CorpusWorld(build);
        var text = File.ReadAllText(Path.Combine(TestFiles.CorpusDirectory, world + ".wit"));
        var resolution = WitResolver.Resolve([new WitSource(world + ".wit", text)]);

        Assert.Empty(ComponentChecker.Check(TestFiles.Corpus(build + ".component.wasm"), resolution.FindWorld(world, out _)!));
        Assert.Empty(ComponentChecker.Check(TestFiles.Corpus(build + ".embedded.wasm"), resolution.FindWorld(world, out _)!));
    }

    [Fact]
    public void EmbeddedModule_MismatchIsReported()
    {
        var text = File.ReadAllText(Path.Combine(TestFiles.CorpusDirectory, "values.wit")).Replace("export add: func(a: u32, b: u32) -> u32;", "export add: func(a: u32, b: u32) -> u64;");
        var resolution = WitResolver.Resolve([new WitSource("values.wit", text)]);

        var mismatch = Assert.Single(ComponentChecker.Check(TestFiles.Corpus("values.embedded.wasm"), resolution.FindWorld("values", out _)!));

        Assert.Equal(ComponentMismatchKind.ExportTypeMismatch, mismatch.Kind);
        Assert.Equal("add: the component has func(a: u32, b: u32) -> u32, the host world has func(a: u32, b: u32) -> u64 (result: component has u32, host has u64)", mismatch.Message);
    }

    [Fact]
    public void ResourceMethodWithAChangedParameter_IsReportedInItsInterface()
    {
        var text = File.ReadAllText(Path.Combine(TestFiles.CorpusDirectory, "resources.wit")).Replace("increment: func(by: s64);", "increment: func(by: s32);");
        var resolution = WitResolver.Resolve([new WitSource("resources.wit", text)]);

        var mismatch = Assert.Single(ComponentChecker.Check(TestFiles.Corpus("resources.component.wasm"), resolution.FindWorld("resources", out _)!));

        Assert.Equal("witsharp:resources/counters@1.0.0#[method]counter.increment", mismatch.Name);
        Assert.Contains("parameter by: component has s64, host has s32", mismatch.Message);
    }

    internal static WitWorld World(string text)
    {
        var resolution = WitResolver.Resolve([new WitSource("plugins.wit", text)]);
        Assert.False(resolution.HasErrors, string.Join("\n", resolution.Diagnostics));
        return resolution.FindWorld("plugin", out _)!;
    }
}
